import HTTP
import Synchronization

/// The service's Prometheus metrics: counters and histograms with labels from closed sets
/// (routes are patterns, never ids; methods are the standard ones or `other`): nothing a
/// client sends becomes a label, so no client can grow `/metrics`. Rendered as text format
/// 0.0.4 by `/metrics`.
final class Metrics: Sendable {
    /// Latency buckets in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func observe(_ value: Double) {
            if let index = Metrics.buckets.firstIndex(where: { value <= $0 }) { counts[index] += 1 }
            sum += value
            count += 1
        }

        mutating func add(_ other: Histogram) {
            for index in counts.indices { counts[index] += other.counts[index] }
            sum += other.sum
            count += other.count
        }
    }

    /// A request counter's labels, kept as plain fields: hashing them is on every request's path.
    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    /// Per method, route and status: one lookup per request. The latency histogram is
    /// rendered per route, summed over methods and statuses.
    private typealias RequestCounts = [RequestKey: Histogram]

    /// A stripe's counts, with the key it recorded last: consecutive requests mostly share
    /// one (a benchmark, a poller), and comparing two keys' strings is cheaper than hashing them.
    private struct StripeCounts {
        var counts = RequestCounts()
        var last: (key: RequestKey, index: RequestCounts.Index)?

        mutating func observe(_ key: RequestKey, _ seconds: Double) {
            if let last, last.key == key {
                counts.values[last.index].observe(seconds)
                return
            }
            if counts[key] == nil { counts[key] = Histogram() }
            let index = counts.index(forKey: key)!
            counts.values[index].observe(seconds)
            last = (key, index)
        }
    }

    /// The request counts of one processor: every request records one, and the event loops
    /// on the other cores then do not take turns at the same lock.
    private final class RequestStripe: Sendable {
        let counts = Mutex(StripeCounts())
        /// Keeps the next stripe's lock off this one's cache line.
        private let padding: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    private struct State {
        var providerCalls: [Labels: Int] = [:]
        var providerLatency: [Labels: Histogram] = [:]
        var transitions: [Labels: Int] = [:]
        var rateLimited: [Labels: Int] = [:]
        var sandboxSeconds = 0.0
        var sandboxRequests = 0
    }

    /// Label pairs in a fixed order.
    private struct Labels: Hashable, Comparable {
        let pairs: [String]
        init(_ pairs: (String, String)...) { self.pairs = pairs.flatMap { [$0.0, $0.1] } }
        static func < (a: Labels, b: Labels) -> Bool { a.pairs.lexicographicallyPrecedes(b.pairs) }
        var text: String {
            stride(from: 0, to: pairs.count, by: 2).map { "\(pairs[$0])=\"\(Metrics.escape(pairs[$0 + 1]))\"" }.joined(separator: ",")
        }
    }

    private let state = Mutex(State())
    private let requestStripes = (0..<Processor.count).map { _ in RequestStripe() }

    /// One request answered. `route` is a route pattern or a fixed name, never the path.
    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        let label = Self.methodLabel(method)
        let statusLabel = Self.statusLabel(status)
        requestStripes[Processor.current].counts.withLock {
            $0.observe(RequestKey(method: label, route: route, status: statusLabel), seconds)
        }
    }

    /// The status as a label: a status the service sends (RFC 9110 §15), else its class, kept
    /// as the class digit (`5` for 5xx) and rendered `5xx`. A simulator's fault header names a
    /// status (`status=517`): the client's choice must not add series.
    static func statusLabel(_ status: Int) -> Int {
        switch status {
        case 100, 200, 201, 202, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 408, 409, 410, 411, 413, 414, 415,
             417, 422, 429, 431, 500, 501, 502, 503, 504, 505: status
        default: (1...5).contains(status / 100) ? status / 100 : 0
        }
    }

    private static func statusText(_ label: Int) -> String { label < 10 ? "\(label)xx" : String(label) }

    /// The method as a label: one of RFC 9110 §9's methods or PATCH (RFC 5789), else `other`.
    /// The method token is the client's: 2,000 made-up methods must not make 2,000 series.
    static func methodLabel(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH": method
        default: "other"
        }
    }

    /// A request refused by a rate limit; `limit` is one of `RateLimiter.Limit`'s names.
    func recordRateLimited(_ limit: String) {
        state.withLock { $0.rateLimited[Labels(("limit", limit)), default: 0] += 1 }
    }

    /// Time spent answering a request of the in-process simulator (the bench subtracts it).
    func recordSandbox(seconds: Double) {
        state.withLock {
            $0.sandboxSeconds += seconds
            $0.sandboxRequests += 1
        }
    }

    /// One provider call.
    func recordProviderCall(provider: String, operation: String, outcome: String, seconds: Double) {
        state.withLock {
            $0.providerCalls[Labels(("provider", provider), ("operation", operation), ("outcome", outcome)), default: 0] += 1
            $0.providerLatency[Labels(("provider", provider), ("operation", operation)), default: Histogram()].observe(seconds)
        }
    }

    /// A checkout reached `status` (created, or an applied transition).
    func recordCheckoutStatus(_ status: String) {
        state.withLock { $0.transitions[Labels(("status", status)), default: 0] += 1 }
    }

    /// The text exposition; `outboxBacklog` is read by the caller from the store, and
    /// `logLinesDropped` from the logger (lines it dropped rather than block a loop).
    func render(outboxBacklog: Int?, logLinesDropped: Int? = nil) -> String {
        let s = state.withLock { $0 }
        var requestCounts = RequestCounts()
        for stripe in requestStripes {
            for (key, h) in stripe.counts.withLock({ $0.counts }) { requestCounts[key, default: Histogram()].add(h) }
        }
        var out = ""
        func counter(_ name: String, _ help: String, _ values: [Labels: Int]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) counter\n"
            for (labels, value) in values.sorted(by: { $0.key < $1.key }) { out += "\(name){\(labels.text)} \(value)\n" }
        }
        func histogram(_ name: String, _ help: String, _ values: [Labels: Histogram]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
            for (labels, h) in values.sorted(by: { $0.key < $1.key }) {
                var cumulative = 0
                for (index, bound) in Metrics.buckets.enumerated() {
                    cumulative += h.counts[index]
                    out += "\(name)_bucket{\(labels.text),le=\"\(bound)\"} \(cumulative)\n"
                }
                out += "\(name)_bucket{\(labels.text),le=\"+Inf\"} \(h.count)\n"
                out += "\(name)_sum{\(labels.text)} \(h.sum)\n\(name)_count{\(labels.text)} \(h.count)\n"
            }
        }
        let requests = requestCounts.map { (Labels(("method", $0.key.method), ("route", $0.key.route), ("status", Self.statusText($0.key.status))), $0.value.count) }
        counter("kassa_http_requests_total", "Requests answered, by route pattern, method and status.", Dictionary(uniqueKeysWithValues: requests))
        histogram("kassa_http_request_duration_seconds", "Time from a complete request to its response, by route.",
                  requestCounts.reduce(into: [Labels: Histogram]()) { $0[Labels(("route", $1.key.route)), default: Histogram()].add($1.value) })
        counter("kassa_provider_calls_total", "Calls to payment providers, by provider, operation and outcome.", s.providerCalls)
        histogram("kassa_provider_call_duration_seconds", "Duration of provider calls.", s.providerLatency)
        counter("kassa_rate_limited_total", "Requests refused with 429, by the limit that refused them.", s.rateLimited)
        counter("kassa_checkout_status_total", "Checkouts that reached each status (created, or an applied transition).", s.transitions)
        out += "# HELP kassa_sandbox_seconds_total Time spent inside the in-process simulators' handlers.\n# TYPE kassa_sandbox_seconds_total counter\n"
        out += "kassa_sandbox_seconds_total \(s.sandboxSeconds)\n"
        out += "# HELP kassa_sandbox_requests_total Requests served by the in-process simulators.\n# TYPE kassa_sandbox_requests_total counter\n"
        out += "kassa_sandbox_requests_total \(s.sandboxRequests)\n"
        if let logLinesDropped {
            out += "# HELP kassa_log_lines_dropped_total Log lines dropped because the log's buffer was full.\n"
            out += "# TYPE kassa_log_lines_dropped_total counter\nkassa_log_lines_dropped_total \(logLinesDropped)\n"
        }
        if let outboxBacklog {
            out += "# HELP kassa_outbox_backlog Events due for delivery to the shop (capped at 10000).\n# TYPE kassa_outbox_backlog gauge\n"
            out += "kassa_outbox_backlog \(outboxBacklog)\n"
        }
        return out
    }

    static func escape(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }
}
