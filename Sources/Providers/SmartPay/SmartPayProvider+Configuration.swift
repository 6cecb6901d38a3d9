import Outbound

extension SmartPayProvider {
    /// One SmartPay account (`providers.smartpay` in the configuration). Secrets are never
    /// printed: `description` and the mirror leave them out.
    public struct Configuration: Sendable, CustomStringConvertible, CustomReflectable {
        /// How API calls are authenticated (seed 001, "Authentication").
        public enum Authentication: Sendable, Equatable {
            /// `Authorization: Basic base64(merchantKey:authenticationKey)`.
            case basic(authenticationKey: String)
            /// A Bearer token from the OAuth 2.0 token endpoint at `tokenURL` (form body).
            case oauth(tokenURL: String, clientID: String, clientSecret: String)
        }

        /// `{Base URL}` of seed 001: `/payment/creation`, `/payment/status/{id}` are below it.
        public var baseURL: String
        /// `merchantKey`: in every body, and the Basic user name.
        public var merchantKey: String
        /// Basic or OAuth.
        public var authentication: Authentication
        /// The optional IDKit JWT sent as `X-Access-Token` (seed 001: at most 512 characters).
        public var accessToken: String?
        /// Timeouts of every API call; seed 001 recommends at least 90 s.
        public var timeouts: OutboundTimeouts
        /// Extra header fields on every API call (not the token call). Meant for the sandbox's
        /// `X-Sandbox-Fault` in tests; leave empty in production.
        public var extraHeaders: OutboundHeaders
        /// Waits before repeating a token fetch that failed transiently.
        public var tokenRetryDelays: [Duration]

        /// An account; the timeouts default to seed 001's 90 s.
        public init(baseURL: String, merchantKey: String, authentication: Authentication, accessToken: String? = nil,
                    timeouts: OutboundTimeouts = OutboundTimeouts(total: .seconds(90), connect: .seconds(5)),
                    extraHeaders: OutboundHeaders = [:], tokenRetryDelays: [Duration] = [.milliseconds(250), .seconds(1)]) {
            self.baseURL = TokenEndpoint.trimmed(baseURL)
            self.merchantKey = merchantKey
            self.authentication = authentication
            self.accessToken = accessToken
            self.timeouts = timeouts
            self.extraHeaders = extraHeaders
            self.tokenRetryDelays = tokenRetryDelays
        }

        /// The secrets of this account, to be kept out of any provider text Kassa repeats.
        var secrets: [String] {
            var secrets = [accessToken ?? ""]
            switch authentication {
            case .basic(let key): secrets.append(key)
            case .oauth(_, _, let secret): secrets.append(secret)
            }
            return secrets
        }

        /// Everything but the secrets.
        public var description: String {
            let scheme: String
            switch authentication {
            case .basic(let key): scheme = "basic(authenticationKey: \(key.isEmpty ? "missing" : "set"))"
            case .oauth(let url, let id, let secret): scheme = "oauth(\(url), clientID: \(id), clientSecret: \(secret.isEmpty ? "missing" : "set"))"
            }
            return "SmartPayProvider.Configuration(baseURL: \(baseURL), merchantKey: \(merchantKey), \(scheme), "
                + "accessToken: \(accessToken == nil ? "none" : "set"))"
        }

        /// No children, so `dump` shows no secret.
        public var customMirror: Mirror { Mirror(self, children: []) }
    }
}

extension TokenEndpoint {
    /// SmartPay's Cognito endpoint: form body `client_id, client_secret,
    /// grant_type=client_credentials`, answering `expires_in: 3600` (seed 001, "Bearer Authentication").
    public static func smartpay(tokenURL: String, clientID: String, clientSecret: String,
                                timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "smartpay", url: tokenURL, wire: .formBody, clientID: clientID, clientSecret: clientSecret,
                      timeouts: timeouts)
    }
}
