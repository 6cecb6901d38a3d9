import FoundationEssentials

extension SmartCreditSimulator {
    /// Everything the simulator can be told. The defaults are seed 000's example account and
    /// paths, so that the seed's example token request works with the sandbox credentials.
    public struct Configuration: Sendable {
        /// The accepted client id (seed 000: the example `Authorization: Basic` header decodes
        /// to `myclientid:myclientsecret` followed by a newline; seeds/README.md).
        public var clientID = "myclientid"
        /// The accepted client secret. Compared exactly: a trailing newline is another secret.
        public var clientSecret = "myclientsecret"
        /// The scopes SG Connect grants this client; a token carries the requested ones among
        /// them (seed 000: "for the asked scopes (only the authorized ones)"). The seed's
        /// example scopes and the production ones (PROVIDERS.md C).
        public var authorizedScopes: [String] = ["fooscope", "barscope", "openid",
                                                 "api.epos-emerchant-initiate-customer-application.v1"]
        /// A scope the customer application API requires of a token (403 without it); nil
        /// accepts any token this simulator issued. The 1.1.0 spec's security requirement is
        /// `api.epos-emerchant-initiate-customer-application.v1`.
        public var requiredScope: String?
        /// Seconds an access token is valid (seed 000: `expires_in: 599`).
        public var tokenLifetime = 599
        /// Live tokens kept at most (the oldest go first).
        public var maxTokens = 256
        /// Where the API takes the token: the 1.1.0 Postman collection sends a Bearer header,
        /// the 1.0.0 spec and the samples `?access_token=` (PROVIDERS.md C). Both by default.
        public var tokenPlacements: Set<TokenPlacement> = [.bearerHeader, .queryParameter]
        /// The initialize paths below the mount prefix: seed 000's `_processAndRedirect` and
        /// the 1.1.0 spec's `do-initialize` (PROVIDERS.md C, "Endpoint history").
        public var initializePaths = ["/api/v1/customerApplications/_processAndRedirect",
                                      "/api/v1/customerApplications/do-initialize"]
        /// How `KYC SUCCESSFUL` is spelled in answers: the spec's (with a space) by default;
        /// seed 000 writes `KYC-SUCCESSFUL` (seeds/README.md: accept both).
        public var kycSuccessfulSpelling = "KYC SUCCESSFUL"
        /// How many reads (a get or a search by `orderId`) see a status before the next of a
        /// changing application's statuses shows (PRE-ACCEPTED, then KYC SUCCESSFUL, then
        /// ACCEPTED "on later polls").
        public var readsPerStatusStep = 1
        /// When set, every initialize that passes validation creates its application and
        /// answers this text instead of the journey URL or page: an answer that is neither,
        /// for testing how a merchant tells them apart (nil: the documented answers).
        public var initializeAnswerOverride: String?
        /// Seconds after its creation an application whose buyer has not finished the journey
        /// (form or KYC step) is ABORTED when next read ("time-out", seed 000 step 8); nil
        /// keeps it open for good, so that the merchant's own deadline can be tested.
        public var journeyTimeout: Int?
        /// Scheme, host and port under which buyers reach the simulator, without a trailing
        /// slash; the journey URLs are built from it and the mount prefix.
        public var publicBaseURL = "http://127.0.0.1:8080"
        /// Origins (`https://shop.example.com`) that `normalReturnUrl` may point at besides
        /// `publicBaseURL`'s; any other is refused with 400 `invalid_input_data`.
        public var allowedURLOrigins: [String] = []
        /// Now, for token expiry and `createdOn`/`modifiedOn`; tests inject a manual clock.
        public var now: @Sendable () -> Date = { Date() }
        /// Applications kept at most; the oldest is evicted first.
        public var maxApplications = 1_000
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

    /// Where an API request carries its SG Connect access token.
    public enum TokenPlacement: Sendable, Hashable {
        /// `Authorization: Bearer <token>` (API 1.1.0).
        case bearerHeader
        /// `?access_token=<token>` (API 1.0.0 and the samples).
        case queryParameter
    }
}
