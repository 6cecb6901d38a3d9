/// Pledg's payment facilities (seed 003, merchant parameter "Payment type"). Pledg treats
/// each as a distinct merchant with its own `merchantUid` and secret, so Kassa keeps one
/// account per type (`providers.pledg.accounts.{type}`).
public enum PledgPaymentType: String, Sendable, CaseIterable {
    case split
    case installment
    case deferred
    case downPayment = "down_payment"
    case redirection
}

/// How Pledg hands the money over (seed 003, "Front mode", "Back mode", "Transfer"): a
/// virtual card to the shop's page (front), a charge on the shop's PSP (back), or a bank
/// transfer at the end of the day (transfer). Each mode has its own notification.
public enum PledgMode: String, Sendable, CaseIterable {
    case front
    case back
    case transfer
}

/// One Pledg merchant account: its uid, its secret and the merchant parameters of its
/// payment type (seed 003's table). The secret is never printed.
public struct PledgAccount: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The payment type this account takes.
    public var paymentType: PledgPaymentType
    /// `mer_…`.
    public var merchantUID: String
    /// Signs the plugin parameters and verifies every signed notification.
    public var secret: String
    /// The account's mode.
    public var mode: PledgMode
    /// Smallest amount in minor units this account takes; nil: no limit.
    public var minimumAmount: Int64?
    /// Largest amount in minor units this account takes; nil: only Pledg's own 1,000,000.
    public var maximumAmount: Int64?
    /// Billing countries this account takes (ISO 3166-1 alpha-2); empty: any.
    public var countries: [String]
    /// Number of installments (installment).
    public var installments: Int
    /// Fees in hundredths of a percent of the purchase (installment, deferred): 150 is 1.5 %.
    public var feesBasisPoints: Int
    /// Delay in days (deferred; down payment: the maximum balance payment delay).
    public var delayDays: Int
    /// Deposit in percent of the purchase (down payment).
    public var depositPercentage: Int
    /// Percentage of the purchase preauthorized (deferred).
    public var preauthorizationPercentage: Int

    /// An account; parameters a type does not use keep their defaults.
    public init(paymentType: PledgPaymentType, merchantUID: String, secret: String, mode: PledgMode,
                minimumAmount: Int64? = nil, maximumAmount: Int64? = nil, countries: [String] = [],
                installments: Int = 3, feesBasisPoints: Int = 0, delayDays: Int = 30,
                depositPercentage: Int = 30, preauthorizationPercentage: Int = 100) {
        self.paymentType = paymentType
        self.merchantUID = merchantUID
        self.secret = secret
        self.mode = mode
        self.minimumAmount = minimumAmount
        self.maximumAmount = maximumAmount
        self.countries = countries
        self.installments = installments
        self.feesBasisPoints = feesBasisPoints
        self.delayDays = delayDays
        self.depositPercentage = depositPercentage
        self.preauthorizationPercentage = preauthorizationPercentage
    }

    /// Everything but the secret.
    public var description: String {
        "PledgAccount(\(paymentType.rawValue), \(merchantUID), \(mode.rawValue), secret: \(secret.isEmpty ? "missing" : "set"))"
    }

    /// No children, so `dump` shows no secret.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
