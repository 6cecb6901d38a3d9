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
        if exchange.isSandbox { return finish(exchange, await next.respond(to: request, matched: match)) }
        // Kassa's own routes are shielded from the client's disconnect (which cancels this task):
        // a provider call that was sent must end and be recorded whether or not the shop still
        // listens, or a payment would be left `needs_sync` for a dropped connection. The
        // simulators' holds, above, are meant to end with their client.
        let routes = next
        let answer = await Task { await routes.respond(to: request, matched: match) }.value
        return finish(exchange, answer)
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
        /// The middleware's own answer (429, 401), when the routes must not see the request.
        let refusal: Response?
    }

    private static func isSandbox(_ path: String) -> Bool { path.hasPrefix("/sandbox/") }

    private func begin(_ request: Request, route: ServiceRoute?) -> Exchange {
        let stopwatch = Stopwatch()
        let isSandbox = route == nil && Self.isSandbox(request.path)
        return Exchange(stopwatch: stopwatch, method: request.method, requestID: Self.requestID(from: request.headers["X-Request-Id"]),
                        route: route, isSandbox: isSandbox, refusal: refusal(of: request, route: route))
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
