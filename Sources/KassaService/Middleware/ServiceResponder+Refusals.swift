import Crypto
import HTTP

// The middleware's own answers, before any route: rate limits (429) and the API key (401).
extension ServiceResponder {
    /// The middleware's own answer: 429 from a rate limit, 401 without a valid key; nil to go on.
    func refusal(of request: Request, route: ServiceRoute?) -> Response? {
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

    /// The index of the configured key when `header` is `Bearer <key>` with one; nil otherwise.
    /// Every key is compared, in constant time, whatever matched before.
    private func authorizedKeyIndex(_ header: String?) -> Int? {
        guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let presented = Array(header.utf8.dropFirst(7))
        var matched: Int?
        for (index, key) in apiKeys.enumerated() where ConstantTime.equals(presented, key) { matched = index }
        return matched
    }
}
