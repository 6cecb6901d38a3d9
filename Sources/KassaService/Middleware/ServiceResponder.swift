import Crypto
import HTTP
import JSON

/// The middleware in front of the router: request id, authentication, the access log line,
/// metrics, and problem+json for anything the router answers without a body type.
struct ServiceResponder: HTTPResponder {
    /// The routes behind it.
    let next: any HTTPResponder
    /// Accepted API keys (UTF-8 bytes), compared in constant time.
    let apiKeys: [[UInt8]]
    let metrics: Metrics
    let logger: Logger
    /// Test hook: an `X-Sandbox-Fault` value to add to simulator requests.
    let sandboxFaults: (@Sendable (_ method: String, _ path: String) -> String?)?

    /// `http.max_body_bytes`: no route may accept more.
    let maxBodyBytes: Int

    /// The route's own limit, never above the configured maximum.
    func bodyLimit(for head: RequestHead) -> Int? { min(next.bodyLimit(for: head) ?? maxBodyBytes, maxBodyBytes) }

    nonisolated(nonsending) func respond(to request: Request) async -> Response {
        let start = ContinuousClock.now
        let requestID = Self.requestID(from: request.headers["X-Request-Id"])
        let route = ServiceRoutes.match(method: request.method, path: request.path)
        let isSandbox = route == nil && request.path.hasPrefix("/sandbox/")
        var response: Response
        // Every /v1/ path needs the key, a path that matches no route too (nothing leaks).
        let needsKey = route?.isAuthenticated ?? request.path.hasPrefix("/v1/")
        if needsKey, !isAuthorized(request.headers["Authorization"]) {
            response = APIProblem.unauthorized.response
            response.headers.replaceOrAdd(name: "WWW-Authenticate", value: "Bearer")
        } else if isSandbox, let sandboxFaults, let fault = sandboxFaults(request.method, request.path) {
            var faulted = request
            faulted.head.headers.replaceOrAdd(name: "X-Sandbox-Fault", value: fault)
            response = await next.respond(to: faulted)
        } else {
            response = await next.respond(to: request)
        }
        response.headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
        let seconds = (ContinuousClock.now - start).seconds
        let label = route?.pattern ?? (isSandbox ? "/sandbox/*" : "unmatched")
        if isSandbox {
            metrics.recordSandbox(seconds: seconds)
            response.headers.replaceOrAdd(name: "X-Sandbox-Duration-Us", value: String(Int(seconds * 1_000_000)))
        }
        metrics.recordRequest(route: label, method: request.method, status: response.status, seconds: seconds)
        if logger.isEnabled(.info) {
            logger.log(.info, "request", [
                ("request_id", .string(requestID)), ("method", .string(request.method)), ("route", .string(label)),
                ("status", .number(JSONNumber(response.status))),
                ("duration_ms", .number(JSONNumber(literal: milliseconds(micros: Int64(seconds * 1_000_000))) ?? JSONNumber(0))),
            ])
        }
        return response
    }

    /// True when `header` is `Bearer <key>` with a configured key. Every key is compared, in
    /// constant time, whatever matched before.
    private func isAuthorized(_ header: String?) -> Bool {
        guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let presented = Array(header.utf8.dropFirst(7))
        var matched = false
        for key in apiKeys where ConstantTime.equals(presented, key) { matched = true }
        return matched
    }

    /// The client's `X-Request-Id` when it is a sane token (1–128 visible ASCII characters),
    /// otherwise a fresh one — from the server's own generator, so every response of Kassa,
    /// routed or refused by the HTTP layer, carries ids of one format.
    static func requestID(from header: String?) -> String {
        if let header, !header.isEmpty, header.utf8.count <= 128, header.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return header }
        return RequestID.make()
    }
}

/// Microseconds as milliseconds with three decimals (`1234` → `1.234`).
private func milliseconds(micros: Int64) -> String {
    let fraction = String(micros % 1000)
    return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}
