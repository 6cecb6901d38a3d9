import Outbound
import Payments

extension SmartCreditProvider {
    /// One SmartCredit merchant account (`providers.smartcredit` in the configuration). The
    /// client secret is never printed: `description` and the mirror leave it out.
    public struct Configuration: Sendable, CustomStringConvertible, CustomReflectable {
        /// Where the access token travels on API calls.
        public enum TokenPlacement: String, Sendable, CaseIterable {
            /// `Authorization: Bearer …` (the 1.1.0 Postman collection, PROVIDERS.md C).
            case bearerHeader = "header"
            /// `?access_token=…` on the URL (the 1.0.0 spec and the samples, PROVIDERS.md C).
            case query
        }

        /// The ePOS API host (and path prefix): `initializePath` and the others are below it.
        public var baseURL: String
        /// SG Connect's `/sgconnect/oauth2/access_token` (seed 000, "Authentication").
        public var tokenURL: String
        /// The SG Connect client id.
        public var clientID: String
        /// The SG Connect client secret: only ever in the token request's Basic header.
        public var clientSecret: String
        /// The scopes asked for, separated by spaces (sent as `scope=a+b`, seed 000).
        public var scope: String
        /// Where an application starts: the seed's `_processAndRedirect` or the later `do-initialize`.
        public var initializePath: String
        /// Where applications are found by `orderId` (`do-search`).
        public var searchPath: String
        /// One application by id; `{applicationId}` is replaced (`/api/v1/customerApplications/{applicationId}`).
        public var statusPath: String
        /// Bearer header (1.1.0) or `?access_token=` (1.0.0).
        public var tokenPlacement: TokenPlacement
        /// mTLS at SG Connect instead of Basic (seed 000: "Basic … or mTLS with your certificate").
        public var clientCertificate: OutboundTLS?
        /// Timeouts of every call, token call included.
        public var timeouts: OutboundTimeouts
        /// When a non-final application is read again, and when it is given up (`expired`).
        public var pollIntervals: [Duration]
        /// How long after creation an application still open is given up.
        public var pollDeadline: Duration
        /// Extra header fields on every API call (not the token call): the sandbox's
        /// `X-Sandbox-Fault` in tests; leave empty in production.
        public var extraHeaders: OutboundHeaders
        /// The amounts the FranFinance products (`FRF_*`) take; not documented by SmartCredit
        /// (PROVIDERS.md C), so the merchant's contract, from the configuration.
        public var franFinanceLimits: AmountLimits = .none
        /// The amounts Hanseatic Bank's credit (`REVOLVINGPOS`) takes; the same.
        public var hanseaticLimits: AmountLimits = .none
        /// Waits before repeating a token fetch that failed transiently.
        public var tokenRetryDelays: [Duration]
        /// The token cache's monotonic clock (tests move it to expire a token).
        public var tokenClock: @Sendable () -> Duration

        /// An account. The poll schedule defaults to the 30 s, 1 min, 2 min, 5 min,
        /// then every 15 min, for three days.
        public init(baseURL: String, tokenURL: String, clientID: String, clientSecret: String, scope: String,
                    initializePath: String = "/api/v1/customerApplications/do-initialize",
                    searchPath: String = "/api/v1/customerApplications/do-search",
                    statusPath: String = "/api/v1/customerApplications/{applicationId}",
                    tokenPlacement: TokenPlacement = .bearerHeader, clientCertificate: OutboundTLS? = nil,
                    timeouts: OutboundTimeouts = OutboundTimeouts(total: .seconds(30), connect: .seconds(10)),
                    pollIntervals: [Duration] = [.seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(900)],
                    pollDeadline: Duration = .seconds(3 * 86_400),
                    extraHeaders: OutboundHeaders = [:], tokenRetryDelays: [Duration] = [.milliseconds(250), .seconds(1)],
                    tokenClock: @escaping @Sendable () -> Duration = TokenCache.monotonicNow) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.tokenURL = tokenURL
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.scope = scope
            self.initializePath = initializePath
            self.searchPath = searchPath
            self.statusPath = statusPath
            self.tokenPlacement = tokenPlacement
            self.clientCertificate = clientCertificate
            self.timeouts = timeouts
            self.pollIntervals = pollIntervals
            self.pollDeadline = pollDeadline
            self.extraHeaders = extraHeaders
            self.tokenRetryDelays = tokenRetryDelays
            self.tokenClock = tokenClock
        }

        /// Everything but the secret.
        public var description: String {
            "SmartCreditProvider.Configuration(baseURL: \(baseURL), tokenURL: \(tokenURL), clientID: \(clientID), clientSecret: "
                + (clientSecret.isEmpty ? "missing" : "set") + ", scope: \(scope), initializePath: \(initializePath), "
                + "tokenPlacement: \(tokenPlacement.rawValue), mTLS: \(clientCertificate != nil))"
        }

        /// No children, so `dump` shows no secret.
        public var customMirror: Mirror { Mirror(self, children: []) }
    }
}
