import FoundationEssentials

extension SecuconnectSimulator {
    /// Everything the simulator can be told. The defaults are the seeds' example account, so
    /// that the seeds' sample requests work verbatim.
    public struct Configuration: Sendable {
        /// The accepted `client_id` (seeds 002 and 004).
        public var clientID = "00563697073442633035025909838580"
        /// The accepted `client_secret` (seeds 002 and 004).
        public var clientSecret = "3382456441636938321687549172178382320163695870914358804052148567"
        /// The account's contract (seeds 002 and 004: `contract.id`).
        public var contractID = "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04"
        /// The merchant of every transaction (seeds 002 and 004: `merchant.id`).
        public var merchantID = "MRC_G8SE48FRHVITKILAPNCEDU0NUD55W8"
        /// The merchant's name (seed 004: `merchant.companyname`).
        public var merchantName = "Musterhändler GmbH"
        /// Scheme, host and port under which clients reach the simulator, without a trailing
        /// slash; payment links are built from it and the mount prefix.
        public var publicBaseURL = "http://127.0.0.1:8080"
        /// Seconds an access token is valid (PROVIDERS.md A: 1,200).
        public var tokenLifetime = 1200
        /// Live tokens kept at most (the oldest go first).
        public var maxTokens = 256
        /// Now, for token expiry and timestamps; tests inject a manual clock.
        public var now: @Sendable () -> Date = { Date() }
        /// Where push notifications go; nil sends none.
        public var pushTransport: (any SimulatorPushTransport)?
        /// The waits before each retry of a failed push; its count bounds the retries.
        public var pushRetryDelays: [Duration] = [.seconds(1), .seconds(5), .seconds(30)]
        /// Transactions kept at most; the oldest is evicted first.
        public var maxTransactions = 1_000
        /// Faults for requests without an `X-Sandbox-Fault` header.
        public var defaultFaults = SimulatorFaults.none
        /// How long a `timeout` fault holds a request at most (until shutdown otherwise).
        public var timeoutHold: Duration = .seconds(120)
        /// Whether the `X-Sandbox-Fault` header is honoured; when false it is ignored and only
        /// `defaultFaults` apply (a simulator reachable by anyone should not let anyone hold it).
        public var allowsFaultHeader = true
        /// Origins (`https://shop.example.com`, a port when not the default) that return and
        /// push URLs may point at besides `publicBaseURL`'s; any other is refused with 400.
        public var allowedURLOrigins: [String] = []
        /// Requests a `latency` or `timeout` fault may hold at once; beyond, such a fault is
        /// refused with 429 (the held requests never take the whole server).
        public var maxHeldRequests = 16
        /// The first `trans_id` (seed 002: 110099700).
        public var firstTransID = 110_099_700

        /// The defaults.
        public init() {}
    }
}
