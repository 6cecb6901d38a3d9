import FoundationEssentials

extension PledgSimulator {
    /// Everything the simulator can be told. The defaults are the sandbox accounts of issue 15:
    /// all five payment types, secret `SECRET` (seed 003's example), `split` with the seed's
    /// `mer_e821ccca-…`, and the three modes spread over them (split back, installment
    /// transfer, deferred front, down_payment back, redirection back).
    public struct Configuration: Sendable {
        /// The merchant accounts Pledg knows (seed 003: one `merchantUid` per payment type).
        public var accounts: [Account] = Account.sandboxDefaults
        /// The back office's `api_key` (`POST /api/token`, Basic auth; PROVIDERS.md D).
        public var apiKey = "sandbox_pledg_api_key"
        /// The back office's `api_secret`.
        public var apiSecret = "sandbox_pledg_api_secret"
        /// Scheme, host and port under which clients reach the simulator, without a trailing
        /// slash; the plugin's front URL is built from it and the mount prefix.
        public var publicBaseURL = "http://127.0.0.1:8080"
        /// Seconds a back-office token is valid.
        public var tokenLifetime = 3600
        /// Live back-office tokens kept at most (the oldest go first).
        public var maxTokens = 256
        /// Seconds of clock skew allowed on the signature's `exp` (jsonwebtoken's default is 0;
        /// a minute spares the sandbox needless failures between hosts).
        public var signatureLeeway = 60
        /// Now, for token expiry, signature expiry, schedules and timestamps; tests inject a clock.
        public var now: @Sendable () -> Date = { Date() }
        /// Where notifications go; nil sends none.
        public var notificationTransport: (any SimulatorPushTransport)?
        /// The waits before each retry of a failed payment notification; its count bounds the
        /// retries. The split purchase end notice is never retried (seed 003).
        public var notificationRetryDelays: [Duration] = [.seconds(1), .seconds(5), .seconds(30)]
        /// Purchases kept at most; the oldest is evicted first.
        public var maxPurchases = 1_000
        /// Faults for requests without an `X-Sandbox-Fault` header.
        public var defaultFaults = SimulatorFaults.none
        /// How long a `timeout` fault holds a request at most (until shutdown otherwise).
        public var timeoutHold: Duration = .seconds(120)
        /// Whether the `X-Sandbox-Fault` header is honoured; when false it is ignored.
        public var allowsFaultHeader = true
        /// Origins besides `publicBaseURL`'s that `redirectUrl`, `cancelUrl`,
        /// `paymentNotificationUrl` and the plugin's page may be on; any other is refused.
        public var allowedURLOrigins: [String] = []
        /// Requests a `latency` or `timeout` fault may hold at once; beyond, 429.
        public var maxHeldRequests = 16

        /// The defaults.
        public init() {}

        /// The account whose `merchantUid` is `uid`, or nil.
        func account(_ uid: String) -> Account? {
            accounts.first { $0.merchantUID == uid }
        }
    }

    /// How the merchant receives the money and the result (seed 003: front, back, transfer).
    public enum Mode: String, Sendable, CaseIterable {
        /// A virtual card is handed to the merchant (notification with the card).
        case front
        /// Pledg charges the virtual card on the merchant's PSP (standard signed notification).
        case back
        /// Pledg pays by bank transfer (JWT-signed notification).
        case transfer
    }

    /// The payment facility of an account (seed 003, "Payment type").
    public enum PaymentType: String, Sendable, CaseIterable {
        case split, installment, deferred
        case downPayment = "down_payment"
        case redirection

        /// As the schedule simulation keys its answer (`INSTALLMENT`, PROVIDERS.md D).
        var scheduleKey: String { rawValue.uppercased() }
    }

    /// One merchant account: uid, secret, mode and the merchant parameters of seed 003's table
    /// that shape a purchase.
    public struct Account: Sendable, Equatable {
        /// `merchantUid` (`mer_…`).
        public var merchantUID: String
        /// The secret that signs the settings and the notifications (seed 003, "Secret").
        public var secret: String
        /// The payment facility.
        public var paymentType: PaymentType
        /// How the merchant is paid and notified.
        public var mode: Mode
        /// "Minimum amount cents": below it the customer is not eligible.
        public var minimumAmountCents: Int?
        /// "Maximum amount cents": above it the customer is not eligible.
        public var maximumAmountCents: Int?
        /// "Countries" (ISO 3166-1 alpha-2) the billing address may be in; empty: any.
        public var countries: [String]
        /// "Number of installments" (installment).
        public var installments: Int
        /// "Fees", in percent of the purchase, on the first installment (installment/deferred).
        public var feesPercent: Double
        /// "Delay" in days (deferred), and "Maximum balance payment delay" (down payment).
        public var delayDays: Int
        /// "Deposit percentage" (down payment).
        public var depositPercentage: Int
        /// "Preauthorization percentage" (deferred; 100 by default).
        public var preauthorizationPercentage: Int
        /// "Purchase end notification URL" (split); nil: the purchase's `paymentNotificationUrl`
        /// (the sandbox's choice, so that the notice reaches Kassa's one webhook).
        public var purchaseEndNotificationURL: String?

        /// An account with seed 003's defaults for what is not given.
        public init(merchantUID: String, secret: String, paymentType: PaymentType, mode: Mode,
                    minimumAmountCents: Int? = nil, maximumAmountCents: Int? = nil, countries: [String] = [],
                    installments: Int = 3, feesPercent: Double = 0, delayDays: Int = 30,
                    depositPercentage: Int = 30, preauthorizationPercentage: Int = 100,
                    purchaseEndNotificationURL: String? = nil) {
            self.merchantUID = merchantUID
            self.secret = secret
            self.paymentType = paymentType
            self.mode = mode
            self.minimumAmountCents = minimumAmountCents
            self.maximumAmountCents = maximumAmountCents
            self.countries = countries
            self.installments = installments
            self.feesPercent = feesPercent
            self.delayDays = delayDays
            self.depositPercentage = depositPercentage
            self.preauthorizationPercentage = preauthorizationPercentage
            self.purchaseEndNotificationURL = purchaseEndNotificationURL
        }

        /// Seed 003's example account (`split`, `SECRET`), back mode.
        public static let seedSplit = Account(merchantUID: "mer_e821ccca-7a16-45a7-8b00-0a6015e16123", secret: "SECRET",
                                              paymentType: .split, mode: .back)

        /// Issue 15's sandbox accounts. Only `split`'s uid is the seed's; the others are the
        /// sandbox's own, in the same `mer_` + UUID form.
        public static let sandboxDefaults: [Account] = [
            seedSplit,
            Account(merchantUID: "mer_1b7d5a0e-3c2f-4e8a-9d61-5f0a2c4b7e01", secret: "SECRET", paymentType: .installment,
                    mode: .transfer, countries: ["FR"], installments: 3, feesPercent: 1),
            Account(merchantUID: "mer_2c8e6b1f-4d30-4f9b-8e72-6a1b3d5c8f02", secret: "SECRET", paymentType: .deferred,
                    mode: .front, countries: ["FR"], delayDays: 30),
            Account(merchantUID: "mer_3d9f7c20-5e41-4a0c-9f83-7b2c4e6d9a03", secret: "SECRET", paymentType: .downPayment,
                    mode: .back, delayDays: 60, depositPercentage: 30),
            Account(merchantUID: "mer_4e0a8d31-6f52-4b1d-8a94-8c3d5f7e0b04", secret: "SECRET", paymentType: .redirection,
                    mode: .back, minimumAmountCents: 100, maximumAmountCents: 1_000_000, countries: ["FR"]),
        ]
    }
}
