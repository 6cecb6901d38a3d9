import Providers

extension KassaConfiguration {
    /// Pledg eCard (seed 003): one account per payment type, the back office credentials, and
    /// where the buyer is sent.
    public struct Pledg: Sendable, Equatable {
        /// `enabled`.
        public var isEnabled = false
        /// `front_url`: where the plugin and redirections send the buyer.
        public var frontURL = ""
        /// `back_url`: the back office API (`/api/token`, `/api/purchases/...`).
        public var backURL = ""
        /// `plugin_url`: the plugin script the shop's page loads.
        public var pluginURL = ""
        /// `api_key`: the back office user for refunds (`/release`, `/credit_by_transfer`).
        public var apiKey = ""
        /// `api_secret`: its password.
        public var apiSecret = Secret("")
        /// `signature_validity_seconds`: the `exp` of the signed plugin settings.
        public var signatureValiditySeconds = 86_400
        /// `forward_virtual_card`: whether the shop gets a front-mode virtual card once, in the
        /// `checkout.authorized` event (it is never stored either way).
        public var forwardVirtualCard = false
        /// `accounts.{type}`.
        public var accounts = PledgAccounts()
        /// `timeout_seconds`, `connect_timeout_seconds`.
        public var timeouts = ProviderTimeouts()
    }

    /// `providers.pledg.accounts`: one per payment type (seed 003: distinct merchant uids).
    public struct PledgAccounts: Sendable, Equatable {
        public var split = PledgAccountSettings()
        public var installment = PledgAccountSettings()
        public var deferred = PledgAccountSettings()
        public var downPayment = PledgAccountSettings()
        public var redirection = PledgAccountSettings()

        /// The settings of `type`'s account.
        public subscript(type: PledgPaymentType) -> PledgAccountSettings {
            get {
                switch type {
                case .split: split
                case .installment: installment
                case .deferred: deferred
                case .downPayment: downPayment
                case .redirection: redirection
                }
            }
            set {
                switch type {
                case .split: split = newValue
                case .installment: installment = newValue
                case .deferred: deferred = newValue
                case .downPayment: downPayment = newValue
                case .redirection: redirection = newValue
                }
            }
        }

        /// The key path of `type`'s account (configuration fields are built from it).
        static func keyPath(_ type: PledgPaymentType) -> WritableKeyPath<PledgAccounts, PledgAccountSettings> {
            switch type {
            case .split: \.split
            case .installment: \.installment
            case .deferred: \.deferred
            case .downPayment: \.downPayment
            case .redirection: \.redirection
            }
        }
    }

    /// One Pledg account: `providers.pledg.accounts.{type}.*`.
    public struct PledgAccountSettings: Sendable, Equatable {
        /// The account's mode as the configuration reads it.
        public enum Mode: String, Sendable, CaseIterable {
            case front, back, transfer
        }

        /// `enabled`.
        public var isEnabled = false
        /// `merchant_uid`: `mer_…`.
        public var merchantUID = ""
        /// `secret`: signs the plugin settings and verifies the notifications.
        public var secret = Secret("")
        /// `mode`.
        public var mode: Mode = .back
        /// `minimum_amount`, `maximum_amount`: minor units; 0 for none.
        public var minimumAmount = 0
        public var maximumAmount = 0
        /// `countries`: billing countries the account takes; empty for any.
        public var countries: [String] = []
        /// `installments` (installment).
        public var installments = 3
        /// `fees_percent` (installment, deferred): a decimal such as `1.5`.
        public var feesPercent = "0"
        /// `delay_days` (deferred; down payment: the maximum balance payment delay).
        public var delayDays = 30
        /// `deposit_percentage` (down payment).
        public var depositPercentage = 30
        /// `preauthorization_percentage` (deferred).
        public var preauthorizationPercentage = 100

        /// `fees_percent` in hundredths of a percent, or nil when it is not a percentage with
        /// at most two decimals between 0 and 100.
        public var feesBasisPoints: Int? { Self.basisPoints(feesPercent) }

        /// `1.5` → 150; nil unless 0 to 100 with at most two decimals.
        public static func basisPoints(_ text: String) -> Int? {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let whole = Int(parts[0]), parts[0].allSatisfy(\.isASCII), (0...100).contains(whole) else { return nil }
            var fraction = 0
            if parts.count == 2 {
                guard (1...2).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(parts[1]) else { return nil }
                fraction = parts[1].count == 1 ? value * 10 : value
            }
            let total = whole * 100 + fraction
            return total <= 10_000 ? total : nil
        }
    }
}
