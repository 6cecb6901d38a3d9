import Crypto
import HTTP
import JSON

/// The middleware in front of the router: request id, rate limits, authentication, security
/// headers, the access log line, metrics, and problem+json for an error answered without a body.
struct ServiceResponder: HTTPResponder {
    /// The routes behind it.
    let next: Router
    /// Accepted API keys (UTF-8 bytes), compared in constant time.
    let apiKeys: [[UInt8]]
    let metrics: Metrics
    let logger: Logger
    /// Test hook: an `X-Sandbox-Fault` value to add to simulator requests.
    let sandboxFaults: (@Sendable (_ method: String, _ path: String) -> String?)?

    /// `http.max_body_bytes`: no route may accept more.
    let maxBodyBytes: Int
    /// `rate_limit.*`; nil when turned off.
    var rateLimiter: RateLimiter? = nil

    /// The route's own limit, never above the configured maximum.
    func bodyLimit(for head: RequestHead) -> Int? { min(next.bodyLimit(for: head) ?? maxBodyBytes, maxBodyBytes) }

    nonisolated(nonsending) func respond(to request: Request) async -> Response {
        let match = next.match(request)
        let exchange = begin(request, route: Self.route(of: match))
        if let refusal = exchange.refusal { return finish(exchange, refusal) }
        if exchange.isSandbox, let sandboxFaults, let fault = sandboxFaults(request.method, request.path) {
            var faulted = request
            faulted.head.headers.replaceOrAdd(name: "X-Sandbox-Fault", value: fault)
            return finish(exchange, await next.respond(to: faulted, matched: match))
        }
        return finish(exchange, await next.respond(to: request, matched: match))
    }

    /// The same, without a task, when the routes answer at once (health, echo, 404) or the
    /// request is refused here; nil otherwise. A route that waits, and the simulators, are
    /// left to the task right after the route match: the key check and the request id are
    /// then done once, by `respond`.
    func respondImmediately(to request: Request) -> Response? {
        let match = next.match(request)
        let route = Self.route(of: match)
        if let route, !route.answersAtOnce { return nil }
        if route == nil, Self.isSandbox(request.path) { return nil }
        let exchange = begin(request, route: route)
        if let refusal = exchange.refusal { return finish(exchange, refusal) }
        // Bound, not mapped: `map` lends its closure the response, and finishing it would copy it.
        guard let response = next.respondImmediately(to: request, matched: match) else { return nil }
        return finish(exchange, response)
    }

    /// The service's description of the route a request matched (for its method, or else
    /// for its path under another method); nil for none, or for a simulator's route.
    static func route(of match: Router.Match) -> ServiceRoute? { match.tag as? ServiceRoute }

    /// What the middleware knows of a request before the routes see it.
    private struct Exchange {
        let stopwatch: Stopwatch
        let method: String
        let requestID: RequestID
        let route: ServiceRoute?
        let isSandbox: Bool
        /// The middleware's own answer (401), when the routes must not see the request.
        let refusal: Response?
    }

    private static func isSandbox(_ path: String) -> Bool { path.hasPrefix("/sandbox/") }

    private func begin(_ request: Request, route: ServiceRoute?) -> Exchange {
        let stopwatch = Stopwatch()
        let isSandbox = route == nil && Self.isSandbox(request.path)
        return Exchange(stopwatch: stopwatch, method: request.method, requestID: Self.requestID(from: request.headers["X-Request-Id"]),
                 route: route, isSandbox: isSandbox, refusal: refusal(of: request, route: route))
    }

    /// The middleware's own answer: 429 from a rate limit, 401 without a valid key; nil to go on.
    private func refusal(of request: Request, route: ServiceRoute?) -> Response? {
        // Every /v1/ path needs the key, a path that matches no route too (nothing leaks).
        let needsKey = route?.isAuthenticated ?? request.path.hasPrefix("/v1/")
        let keyIndex = needsKey ? authorizedKeyIndex(request.headers["Authorization"]) : nil
        if let rateLimiter, let kind = Self.limitKind(request.path, needsKey: needsKey, keyIndex: keyIndex),
           case .limited(let limit, let seconds) = rateLimiter.admit(kind, from: request.remoteAddress) {
            metrics.recordRateLimited(limit.rawValue)
            return Self.tooManyRequests(limit, retryAfterSeconds: seconds)
        }
        guard needsKey, keyIndex == nil else { return nil }
        var response = APIProblem.unauthorized.response
        response.headers.replaceOrAdd(name: "WWW-Authenticate", value: "Bearer")
        return response
    }

    /// Which limits a request counts against: the webhooks' own, or the API's with its key's
    /// standing; nil outside `/v1/` (health, metrics, pages, the simulators).
    private static func limitKind(_ path: String, needsKey: Bool, keyIndex: Int?) -> RateLimiter.Kind? {
        guard path.hasPrefix("/v1/") else { return nil }
        if !needsKey, path.hasPrefix("/v1/webhooks/") { return .webhook }
        guard needsKey else { return .api(.notNeeded) }
        return .api(keyIndex.map { .valid(keyIndex: $0) } ?? .invalid)
    }

    /// 429 (RFC 6585 §4) with `Retry-After` in seconds (RFC 9110 §10.2.3).
    private static func tooManyRequests(_ limit: RateLimiter.Limit, retryAfterSeconds: Int) -> Response {
        let detail = switch limit {
        case .apiKey: "too many requests with this API key"
        case .address: "too many requests from this address"
        case .authentication: "too many failed authentications from this address"
        case .webhook: "too many notifications from this address"
        }
        var response = APIProblem(status: 429, code: "rate_limited", detail: "\(detail); retry after \(retryAfterSeconds) s").response
        response.headers.replaceOrAdd(name: "Retry-After", value: String(retryAfterSeconds))
        return response
    }

    /// The request id on the response, metrics and the access log line. The response is
    /// consumed, not copied (a copy is a reference count per array).
    private func finish(_ exchange: borrowing Exchange, _ answer: consuming Response) -> Response {
        var response = answer
        response.requestID = exchange.requestID
        if response.status >= 400, response.body.isEmpty, !response.headers.contains("Content-Type") {
            Self.describeProblem(&response)
        }
        SecurityHeaders.add(to: &response.headers)
        let seconds = exchange.stopwatch.seconds
        let label = exchange.route?.pattern ?? (exchange.isSandbox ? "/sandbox/*" : "unmatched")
        if exchange.isSandbox {
            metrics.recordSandbox(seconds: seconds)
            response.headers.replaceOrAdd(name: "X-Sandbox-Duration-Us", value: String(Int(seconds * 1_000_000)))
        }
        metrics.recordRequest(route: label, method: exchange.method, status: response.status, seconds: seconds)
        if logger.isEnabled(.info) {
            logger.log(.info, "request", [
                ("request_id", .string(exchange.requestID.text)), ("method", .string(exchange.method)), ("route", .string(label)),
                ("status", .number(JSONNumber(response.status))),
                ("duration_ms", .number(JSONNumber(literal: milliseconds(micros: Int64(seconds * 1_000_000))) ?? JSONNumber(0))),
            ])
        }
        return response
    }

    /// An error answered without a body (a route's bare status) gets the one problem+json
    /// shape, with the status's own code; its other fields (`Allow`, `Retry-After`) stay.
    private static func describeProblem(_ response: inout Response) {
        let problem = Response.problem(response.status, detail: HTTPStatus.reason(response.status))
        for field in problem.headers where !response.headers.contains(field.name) {
            response.headers.add(name: field.name, value: field.value)
        }
        response.body = problem.body
    }

    /// The index of the configured key when `header` is `Bearer <key>` with one; nil otherwise.
    /// Every key is compared, in constant time, whatever matched before.
    private func authorizedKeyIndex(_ header: String?) -> Int? {
        guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let presented = Array(header.utf8.dropFirst(7))
        var matched: Int?
        for (index, key) in apiKeys.enumerated() where ConstantTime.equals(presented, key) { matched = index }
        return matched
    }

    /// The client's `X-Request-Id` when it is a sane token (1–128 visible ASCII characters),
    /// otherwise a fresh one — from the server's own generator, so every response of Kassa,
    /// routed or refused by the HTTP layer, carries ids of one format.
    static func requestID(from header: String?) -> RequestID {
        if let header, !header.isEmpty, header.utf8.count <= 128, header.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return RequestID(header) }
        return RequestID.make()
    }
}

/// Microseconds as milliseconds with three decimals (`1234` → `1.234`).
private func milliseconds(micros: Int64) -> String {
    let fraction = String(micros % 1000)
    return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}
