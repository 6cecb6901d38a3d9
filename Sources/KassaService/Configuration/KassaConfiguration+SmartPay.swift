extension KassaConfiguration {
    /// J.P. Morgan Mobility Payments SmartPay (seed 001); the fields are
    /// `SmartPayModule.configurationFields`.
    public struct SmartPay: Sendable, Equatable {
        /// How requests are authenticated (seed 001, "Authentication").
        public enum Authentication: String, Sendable, CaseIterable {
            /// `Authorization: Basic base64(merchantKey:authenticationKey)`.
            case basic
            /// A Bearer token from the OAuth 2.0 client-credentials endpoint `token_url`.
            case oauth
        }

        /// `enabled`.
        public var isEnabled = false
        /// `base_url`: `{Base URL}` of the seed (`/payment/creation`, `/payment/status/{id}`).
        public var baseURL = ""
        /// `auth`.
        public var authentication: Authentication = .basic
        /// `merchant_key`: sent in every body, and the Basic user name.
        public var merchantKey = ""
        /// `authentication_key`: the Basic password (auth basic).
        public var authenticationKey = Secret("")
        /// `client_id` (auth oauth).
        public var clientID = ""
        /// `client_secret` (auth oauth).
        public var clientSecret = Secret("")
        /// `token_url` (auth oauth).
        public var tokenURL = ""
        /// `access_token`: the optional IDKit JWT sent as `X-Access-Token` (at most 512 characters).
        public var accessToken = Secret("")
        /// `sdk_url`: where the shop's page loads `smp-bundle.js` (the widget's `sdk_url`).
        public var sdkURL = ""
        /// `webhook_username`: the Basic user SmartPay's notifications must present.
        public var webhookUsername = ""
        /// `webhook_password`: its password (compared in constant time).
        public var webhookPassword = Secret("")
        /// `timeout_seconds` (the seed recommends 90 s or more), `connect_timeout_seconds`.
        public var timeouts = ProviderTimeouts()
    }
}

extension ConfigurationLoader {
    /// Seed 001: `X-Access-Token` is a JWT of at most 512 characters; a longer one is refused
    /// at start rather than at the first payment. The token is never quoted.
    mutating func checkAccessToken(_ smartpay: KassaConfiguration.SmartPay) {
        if smartpay.accessToken.value.utf8.count > 512 {
            report("providers.smartpay.access_token", "must be at most 512 characters (seed 001: X-Access-Token)")
        }
    }
}
