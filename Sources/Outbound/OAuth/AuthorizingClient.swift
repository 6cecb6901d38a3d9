import Crypto

/// Adds a provider account's credentials to every request, and for OAuth2 handles the one
/// refresh after a refused token: on a 401 the token is dropped, a new one fetched, and the
/// call repeated once. A refused token means the provider did not act on the request, so
/// repeating even a POST once is safe (DESIGN.md: "a 401 clears the cached token once and
/// retries once").
public struct AuthorizingClient: OutboundSending {
    /// How requests of one provider account are authenticated.
    public struct Authorization: Sendable {
        fileprivate enum Scheme: Sendable {
            case none
            case header(String)
            case bearer(TokenCache, isTokenRejected: @Sendable (OutboundResponse) -> Bool)
        }

        fileprivate let scheme: Scheme

        /// No credentials (e.g. Pledg's schedule simulation, PROVIDERS.md D).
        public static let none = Authorization(scheme: .none)

        /// `Authorization: Basic base64(username:password)` on every request — SmartPay's Basic
        /// scheme with `merchantKey:authenticationKey` (seed 001).
        public static func basic(username: String, password: String) -> Authorization {
            Authorization(scheme: .header("Basic " + Base64.encode(Array("\(username):\(password)".utf8))))
        }

        /// `Authorization: Bearer <token>` from `cache`. `isTokenRejected` recognises a refused
        /// token; the default is HTTP 401 (RFC 6750 §3.1). secuconnect answers an expired token
        /// with 403 and code 2003 (PROVIDERS.md A), so its adapter passes its own predicate.
        public static func oauth2(_ cache: TokenCache,
                                  isTokenRejected: @escaping @Sendable (OutboundResponse) -> Bool = { $0.status == 401 }) -> Authorization {
            Authorization(scheme: .bearer(cache, isTokenRejected: isTokenRejected))
        }
    }

    private let client: any OutboundSending
    private let authorization: Authorization
    private let defaultTimeouts: OutboundTimeouts?

    /// Wraps `client`. `defaultTimeouts` apply to requests without their own (a provider's
    /// defaults, e.g. SmartPay's 90 s); nil leaves the client's defaults.
    public init(client: any OutboundSending, authorization: Authorization, defaultTimeouts: OutboundTimeouts? = nil) {
        self.client = client
        self.authorization = authorization
        self.defaultTimeouts = defaultTimeouts
    }

    /// Sends `request` with credentials; see the type's documentation for the 401 rule.
    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        var request = request
        if request.timeouts == nil { request.timeouts = defaultTimeouts }
        switch authorization.scheme {
        case .none:
            return try await client.send(request)
        case .header(let value):
            request.headers.replaceOrAdd(name: "Authorization", value: value)
            return try await client.send(request)
        case .bearer(let cache, let isTokenRejected):
            let token = try await cache.token()
            let response = try await client.send(bearer(request, token))
            guard isTokenRejected(response) else { return response }
            cache.invalidate(token)
            let fresh = try await cache.token()
            // Once only: a second refusal is returned as it is, never a loop.
            return try await client.send(bearer(request, fresh))
        }
    }

    private func bearer(_ request: OutboundRequest, _ token: String) -> OutboundRequest {
        var request = request
        request.headers.replaceOrAdd(name: "Authorization", value: "Bearer " + token)
        return request
    }
}
