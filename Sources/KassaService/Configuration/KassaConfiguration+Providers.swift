extension KassaConfiguration {
    /// `providers`: one account per provider. In sandbox mode each defaults to the seed's
    /// example account at Kassa's simulator (see `SandboxDefaults`).
    public struct Providers: Sendable, Equatable {
        /// `providers.secuconnect`.
        public var secuconnect = Secuconnect()
        /// `providers.smartpay`.
        public var smartpay = SmartPay()
        /// `providers.smartcredit`.
        public var smartcredit = SmartCredit()
        /// `providers.pledg`.
        public var pledg = Pledg()
        /// The values of modules whose section has no typed struct here, by field path: a
        /// module's fields may write `\.providers.settings[text: "providers.{id}.base_url"]`.
        public var settings = ProviderSettings()
    }

    /// Untyped provider values by field path (`providers.toy.base_url`); absent reads as empty
    /// or false. Lets a module bring its configuration without a struct in this file.
    public struct ProviderSettings: Sendable, Equatable {
        private var texts: [String: String] = [:]
        private var flags: [String: Bool] = [:]
        private var secrets: [String: Secret] = [:]

        /// No values.
        public init() {}

        /// The text at `path`; "" when unset.
        public subscript(text path: String) -> String {
            get { texts[path] ?? "" }
            set { texts[path] = newValue }
        }

        /// The secret at `path`; empty when unset.
        public subscript(secret path: String) -> Secret {
            get { secrets[path] ?? Secret("") }
            set { secrets[path] = newValue }
        }

        /// The flag at `path`; false when unset.
        public subscript(flag path: String) -> Bool {
            get { flags[path] ?? false }
            set { flags[path] = newValue }
        }
    }

    /// Timeouts every provider client has.
    public struct ProviderTimeouts: Sendable, Equatable {
        /// `timeout_seconds`: a whole request, connection included.
        public var totalSeconds = 0
        /// `connect_timeout_seconds`: establishing the connection (TCP and TLS).
        public var connectSeconds = 0
    }

    /// secuconnect Smart Checkout (seeds 002 and 004).
    public struct Secuconnect: Sendable, Equatable {
        /// `enabled`.
        public var isEnabled = false
        /// `base_url`: `/oauth/token` and `/api/v2/...` are below it.
        public var baseURL = ""
        /// `client_id`.
        public var clientID = ""
        /// `client_secret`.
        public var clientSecret = Secret("")
        /// `contract_id`: the `contract.id` of every Smart Transaction (`GCR_…`).
        public var contractID = ""
        /// `is_demo`: the Smart Transaction's `is_demo` flag.
        public var isDemo = false
        /// `checkout_template`: `application_context.checkout_template`.
        public var checkoutTemplate = ""
        /// `timeout_seconds`, `connect_timeout_seconds`.
        public var timeouts = ProviderTimeouts()
    }

    /// Société Générale SmartCredit ePOS (seed 000).
    public struct SmartCredit: Sendable, Equatable {
        /// `enabled`.
        public var isEnabled = false
        /// `base_url`: the ePOS API host.
        public var baseURL = ""
        /// `token_url`: SG Connect's `/sgconnect/oauth2/access_token`.
        public var tokenURL = ""
        /// `client_id`.
        public var clientID = ""
        /// `client_secret`.
        public var clientSecret = Secret("")
        /// `scope`: the scopes asked for, separated by spaces.
        public var scope = ""
        /// `initialize_path`: where a customer application starts (the seed's
        /// `_processAndRedirect`, the later spec's `do-initialize`).
        public var initializePath = ""
        /// `search_path`: where an application's status is found by `orderId`.
        public var searchPath = ""
        /// `client_certificate_file`: PEM certificate for mTLS at SG Connect; nil: none.
        public var clientCertificateFile: String?
        /// `client_key_file`: the certificate's PEM private key.
        public var clientKeyFile: String?
        /// `timeout_seconds`, `connect_timeout_seconds`.
        public var timeouts = ProviderTimeouts()
    }

    /// Pledg eCard (seed 003).
    public struct Pledg: Sendable, Equatable {
        /// `enabled`.
        public var isEnabled = false
        /// `front_url`: where the plugin and redirections send the buyer.
        public var frontURL = ""
        /// `back_url`: the back office API (`/api/purchases/...`, `simulate_payment_schedule`).
        public var backURL = ""
        /// `merchant_uid`: `mer_…`.
        public var merchantUID = ""
        /// `secret`: signs the plugin parameters (JWT HS256) and checks notification signatures.
        public var secret = Secret("")
        /// `api_key`: the back office user for refunds (`/release`, `/credit_by_transfer`).
        public var apiKey = ""
        /// `api_secret`: its password.
        public var apiSecret = Secret("")
        /// `timeout_seconds`, `connect_timeout_seconds`.
        public var timeouts = ProviderTimeouts()
    }
}
