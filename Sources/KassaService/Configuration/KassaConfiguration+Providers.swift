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
}
