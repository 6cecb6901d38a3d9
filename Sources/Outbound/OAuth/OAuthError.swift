/// Why no access token could be obtained. Names the provider, never a credential.
public struct OAuthError: Error, Equatable, CustomStringConvertible, OutboundFailure {
    private enum Code: Equatable {
        case credentialsRejected
        case endpointFailed
        case invalidTokenResponse
        case endpointUnreachable
    }

    private let code: Code
    /// The provider whose token endpoint failed, e.g. `"secuconnect"`.
    public let provider: String
    /// The token endpoint's HTTP status, when it answered.
    public let status: Int?
    /// The RFC 6749 §5.2 `error` code from the answer (e.g. `invalid_client`), when present and plain.
    public let oauthErrorCode: String?
    /// The transport failure, when the endpoint could not be reached.
    public let underlying: OutboundError?

    private init(_ code: Code, provider: String, status: Int? = nil, oauthErrorCode: String? = nil,
                 underlying: OutboundError? = nil) {
        self.code = code
        self.provider = provider
        self.status = status
        self.oauthErrorCode = oauthErrorCode
        self.underlying = underlying
    }

    /// The endpoint answered 400 or 401: the configured credentials are wrong. Not retried.
    static func credentialsRejected(provider: String, status: Int, oauthErrorCode: String?) -> OAuthError {
        OAuthError(.credentialsRejected, provider: provider, status: status, oauthErrorCode: oauthErrorCode)
    }

    /// The endpoint answered with another non-2xx status.
    static func endpointFailed(provider: String, status: Int) -> OAuthError {
        OAuthError(.endpointFailed, provider: provider, status: status)
    }

    /// A 2xx answer without a usable bearer token.
    static func invalidTokenResponse(provider: String) -> OAuthError {
        OAuthError(.invalidTokenResponse, provider: provider)
    }

    /// The endpoint could not be reached or did not answer.
    static func endpointUnreachable(provider: String, underlying: OutboundError) -> OAuthError {
        OAuthError(.endpointUnreachable, provider: provider, underlying: underlying)
    }

    /// True when the fix is in the configuration (credentials, scope, token URL), not in waiting.
    public var isConfigurationError: Bool { code == .credentialsRejected }

    /// True when asking again later may succeed: the endpoint was unreachable, overloaded
    /// (429) or failing (5xx). Rejected credentials and malformed answers are not retried.
    var isRetryable: Bool {
        switch code {
        case .endpointUnreachable: return true
        case .endpointFailed: return status.map { $0 == 429 || $0 >= 500 } ?? false
        case .credentialsRejected, .invalidTokenResponse: return false
        }
    }

    /// Always false: no token means the API request itself was never sent.
    public var isOutcomeUnknown: Bool { false }

    /// A fixed label, safe for metrics.
    public var shortDescription: String {
        switch code {
        case .credentialsRejected: "oauth_credentials_rejected"
        case .endpointFailed: "oauth_endpoint_failed"
        case .invalidTokenResponse: "oauth_invalid_token_response"
        case .endpointUnreachable: "oauth_endpoint_unreachable"
        }
    }

    /// A sentence for operators.
    public var description: String {
        switch code {
        case .credentialsRejected:
            let detail = oauthErrorCode.map { ", \($0)" } ?? ""
            return "\(provider): the token endpoint rejected the client credentials (HTTP \(status ?? 0)\(detail)); "
                + "check the \(provider) client id, secret and scope in the configuration"
        case .endpointFailed:
            return "\(provider): the token endpoint answered HTTP \(status ?? 0)"
        case .invalidTokenResponse:
            return "\(provider): the token endpoint's answer holds no bearer access_token"
        case .endpointUnreachable:
            return "\(provider): the token endpoint could not be reached (\(underlying?.shortDescription ?? "?"))"
        }
    }
}
