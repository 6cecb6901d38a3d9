extension KassaConfiguration {
    /// Société Générale SmartCredit ePOS (seed 000, PROVIDERS.md C).
    public struct SmartCredit: Sendable, Equatable {
        /// The ePOS API version the account speaks: where the access token goes.
        public enum APIVersion: String, Sendable, CaseIterable {
            /// The 1.0.0 spec and the samples: `?access_token=` on the URL.
            case v1_0_0 = "1.0.0"
            /// The 1.1.0 spec: `Authorization: Bearer`.
            case v1_1_0 = "1.1.0"
        }

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
        /// `api_version`: where the access token goes (1.0.0 query, 1.1.0 header).
        public var apiVersion: APIVersion = .v1_1_0
        /// `initialize_path`: where a customer application starts (the seed's
        /// `_processAndRedirect`, the later spec's `do-initialize`).
        public var initializePath = ""
        /// `search_path`: where an application's status is found by `orderId`.
        public var searchPath = ""
        /// `status_path`: one application by id, `{applicationId}` replaced.
        public var statusPath = ""
        /// `deadline_hours`: an application still open this long after creation is expired.
        public var deadlineHours = 72
        /// `franfinance_minimum_amount`, `franfinance_maximum_amount`: minor units the FRF_*
        /// products take (the contract's; SmartCredit documents none); 0: no limit.
        public var franFinanceMinimumAmount = 0
        public var franFinanceMaximumAmount = 0
        /// `hanseatic_minimum_amount`, `hanseatic_maximum_amount`: the same for REVOLVINGPOS.
        public var hanseaticMinimumAmount = 0
        public var hanseaticMaximumAmount = 0
        /// `client_certificate_file`: PEM certificate for mTLS at SG Connect; nil: none.
        public var clientCertificateFile: String?
        /// `client_key_file`: the certificate's PEM private key.
        public var clientKeyFile: String?
        /// `timeout_seconds`, `connect_timeout_seconds`.
        public var timeouts = ProviderTimeouts()
    }
}
