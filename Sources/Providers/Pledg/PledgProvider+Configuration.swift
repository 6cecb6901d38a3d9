import FoundationEssentials
import Outbound

extension PledgProvider {
    /// The Pledg accounts and the back office credentials (`providers.pledg` in the
    /// configuration). Secrets are never printed: `description` and the mirror leave them out.
    public struct Configuration: Sendable, CustomStringConvertible, CustomReflectable {
        /// The front: `{front}/purchases?signature=…` is the direct call (seed 003).
        public var frontURL: String
        /// The back office API: `/api/token`, `/api/purchases/{uid}/release`, `/credit_by_transfer`.
        public var backURL: String
        /// Where the plugin script is served (`new Pledg(button, settings)`).
        public var pluginURL: String
        /// The enabled accounts, one per payment type.
        public var accounts: [PledgPaymentType: PledgAccount]
        /// The back office user (Basic user name at `/api/token`).
        public var apiKey: String
        /// Its password; only ever sent to the token endpoint.
        public var apiSecret: String
        /// How long the signed plugin parameters stay valid (`exp`; seed 003's example: 1 day).
        public var signatureValidity: Duration
        /// Timeouts of every back office call.
        public var timeouts: OutboundTimeouts
        /// The clock for `exp` (tests move it).
        public var now: @Sendable () -> Date

        /// A configuration.
        public init(frontURL: String, backURL: String, pluginURL: String, accounts: [PledgPaymentType: PledgAccount],
                    apiKey: String, apiSecret: String, signatureValidity: Duration = .seconds(86_400),
                    timeouts: OutboundTimeouts = OutboundTimeouts(total: .seconds(30), connect: .seconds(10)),
                    now: @escaping @Sendable () -> Date = { Date() }) {
            self.frontURL = Self.trimmed(frontURL)
            self.backURL = Self.trimmed(backURL)
            self.pluginURL = pluginURL
            self.accounts = accounts
            self.apiKey = apiKey
            self.apiSecret = apiSecret
            self.signatureValidity = signatureValidity
            self.timeouts = timeouts
            self.now = now
        }

        /// Every secret of the configuration, for `ProviderMessages.sanitized`.
        var secrets: [String] { [apiSecret] + accounts.values.map(\.secret) }

        /// Everything but the secrets.
        public var description: String {
            "PledgProvider.Configuration(front: \(frontURL), back: \(backURL), accounts: "
                + accounts.values.sorted { $0.paymentType.rawValue < $1.paymentType.rawValue }.map(\.description).joined(separator: ", ") + ")"
        }

        /// No children, so `dump` shows no secret.
        public var customMirror: Mirror { Mirror(self, children: []) }

        private static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
    }
}

extension TokenEndpoint {
    /// Pledg's back office: `POST {back}/api/token` with Basic `api_key:api_secret` and the form
    /// `grant_type=client_credentials` (the official Sylius plugin's scheme, PROVIDERS.md D).
    public static func pledg(backURL: String, apiKey: String, apiSecret: String,
                             timeouts: OutboundTimeouts = .init(total: .seconds(15), connect: .seconds(5))) -> TokenEndpoint {
        TokenEndpoint(provider: "pledg", url: trimmed(backURL) + "/api/token", wire: .basicWithForm,
                      clientID: apiKey, clientSecret: apiSecret, timeouts: timeouts)
    }
}
