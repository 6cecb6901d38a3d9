import FoundationEssentials

extension SmartPaySimulator {
    /// Everything the simulator can be told. The defaults are the sandbox account
    /// (`SandboxDefaults.smartpay*`): seed 001's example `merchantKey`, and Kassa's own
    /// authentication key and OAuth client where the seed shows none, so that the seed's example
    /// requests work verbatim with the sandbox credentials.
    public struct Configuration: Sendable {
        /// The merchant's `merchantKey` (seed 001, Create Checkout example): the Basic user name
        /// and the `merchantKey` every body must carry.
        public var merchantKey = "48c4e923-e88c-464b-a4e7-ccb2c6d3775e"
        /// The Basic password (seed 001: "authentication key"; the value is Kassa's own).
        public var authenticationKey = "sandbox_smartpay_authentication_key"
        /// The OAuth client of `POST /oauth2/token` (seed 001 writes `<clientId>`).
        public var clientID = "sandbox_smartpay_client_id"
        /// The OAuth client secret (seed 001 writes `<clientSecret>`).
        public var clientSecret = "sandbox_smartpay_client_secret"
        /// Seconds an access token is valid (seed 001: `"expires_in": 3600`).
        public var tokenLifetime = 3600
        /// Live tokens kept at most (the oldest go first).
        public var maxTokens = 256
        /// Seconds a `checkoutToken` can start a widget payment; later the widget answers
        /// `ERROR_CHECKOUT_TIMEOUT` (PROVIDERS.md B). The real lifetime is not documented.
        public var checkoutTokenLifetime = 1800
        /// Scheme, host and port under which browsers reach the simulator, without a trailing
        /// slash; the widget's script and form are addressed from it and the mount prefix.
        public var publicBaseURL = "http://127.0.0.1:8080"
        /// Now, for token expiry and timestamps; tests inject a manual clock.
        public var now: @Sendable () -> Date = { Date() }
        /// Where webhooks go (SmartPay configures one URL per merchant; PROVIDERS.md B,
        /// "Webhook"); nil sends none.
        public var webhookURL: String?
        /// The Basic credentials of every webhook (PROVIDERS.md B: "none, Basic, or OAuth");
        /// nil sends webhooks without an `Authorization` header.
        public var webhookCredentials: SmartPayWebhookCredentials?
        /// How webhooks are sent; nil sends none.
        public var webhookTransport: (any SmartPayWebhookTransport)?
        /// The waits before each retry of a failed webhook; its count bounds the retries.
        public var webhookRetryDelays: [Duration] = [.seconds(1), .seconds(5), .seconds(30)]
        /// For `pending_then_capture`: how many status reads still see `AUTHORIZATION_PENDING`
        /// before the payment resolves to `CAPTURED` (seed 001: retry "up to three times within
        /// 3 minutes"; with 2, the third read sees it resolved).
        public var pendingReadsBeforeResolution = 2
        /// How many status reads see a `/payment/capture` as `CAPTURE_PENDING` before it is
        /// `CAPTURED`; 0 (the default) captures at once.
        public var capturePendingReads = 0
        /// Transactions kept at most; the oldest is evicted first.
        public var maxTransactions = 1_000
        /// Modifications (captures, refunds, …) one transaction accepts at most.
        public var maxModificationsPerTransaction = 64
        /// Whether the transaction of seed 001's Get Payment Status example
        /// (`48c4e923-e88c-464b-a4e7-ccb2c6d3775e`, `CAPTURED`, 10.99 EUR) exists from the start,
        /// so that the example call works verbatim.
        public var includesSeedExample = true
        /// Faults for requests without an `X-Sandbox-Fault` header.
        public var defaultFaults = SimulatorFaults.none
        /// How long a `timeout` fault holds a request at most (until shutdown otherwise).
        public var timeoutHold: Duration = .seconds(120)
        /// Whether the `X-Sandbox-Fault` header is honoured; when false it is ignored and only
        /// `defaultFaults` apply.
        public var allowsFaultHeader = true
        /// Requests a `latency` or `timeout` fault may hold at once; beyond, such a fault is
        /// refused with 429.
        public var maxHeldRequests = 16

        /// The defaults.
        public init() {}
    }
}
