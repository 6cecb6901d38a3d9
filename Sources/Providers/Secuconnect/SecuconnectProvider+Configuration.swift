import Outbound

extension SecuconnectProvider {
    /// One secuconnect account (`providers.secuconnect` in the configuration). The client
    /// secret is never printed: `description` and the mirror leave it out.
    public struct Configuration: Sendable, CustomStringConvertible, CustomReflectable {
        /// Scheme and host (and a path prefix, for the sandbox): `/oauth/token` and
        /// `/api/v2/…` are below it. E.g. `https://connect-testing.secuconnect.com`.
        public var baseURL: String
        /// The OAuth client id (seeds 002/004, step 1).
        public var clientID: String
        /// The OAuth client secret. Only ever sent in the token request body.
        public var clientSecret: String
        /// `contract.id` of every Smart Transaction (`GCR_…`).
        public var contractID: String
        /// The Smart Transaction's `is_demo` flag.
        public var isDemo: Bool
        /// `application_context.checkout_template` (`COT_…`); empty leaves it to secuconnect.
        public var checkoutTemplate: String
        /// `payment_context.auto_capture`. True: an approval on the hosted page captures at
        /// once (status `ok`); false: the payment stops at `approved` until `capture`.
        public var autoCapture: Bool
        /// Timeouts of every call, token call included.
        public var timeouts: OutboundTimeouts
        /// Extra header fields on every `/api/v2` call (not the token call). Meant for the
        /// sandbox's `X-Sandbox-Fault` in tests; leave empty in production.
        public var extraHeaders: OutboundHeaders
        /// Waits before repeating a token fetch that failed transiently (unreachable, 429, 5xx).
        public var tokenRetryDelays: [Duration]

        /// An account; `autoCapture` defaults to true (intent `sale` pays on approval).
        public init(baseURL: String, clientID: String, clientSecret: String, contractID: String,
                    isDemo: Bool = false, checkoutTemplate: String = "", autoCapture: Bool = true,
                    timeouts: OutboundTimeouts = OutboundTimeouts(total: .seconds(30), connect: .seconds(10)),
                    extraHeaders: OutboundHeaders = [:],
                    tokenRetryDelays: [Duration] = [.milliseconds(250), .seconds(1)]) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.contractID = contractID
            self.isDemo = isDemo
            self.checkoutTemplate = checkoutTemplate
            self.autoCapture = autoCapture
            self.timeouts = timeouts
            self.extraHeaders = extraHeaders
            self.tokenRetryDelays = tokenRetryDelays
        }

        /// Everything but the secret.
        public var description: String {
            "SecuconnectProvider.Configuration(baseURL: \(baseURL), clientID: \(clientID), clientSecret: "
                + (clientSecret.isEmpty ? "missing" : "set") + ", contractID: \(contractID), isDemo: \(isDemo), "
                + "checkoutTemplate: \(checkoutTemplate), autoCapture: \(autoCapture))"
        }

        /// No children, so `dump` shows no secret.
        public var customMirror: Mirror { Mirror(self, children: []) }
    }
}
