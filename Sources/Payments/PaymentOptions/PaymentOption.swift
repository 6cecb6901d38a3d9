/// One way to pay a basket with one provider: a method of a configured provider (nil when the
/// provider's own page lets the buyer choose), whether the shop may offer it, and why not.
/// `POST /v1/payment-options` answers one per configured provider and method.
public struct PaymentOption: Sendable, Equatable {
    /// The provider's method (`installment`, `FRF_3X`), or nil for the provider's own choice.
    public var method: String?
    /// Every rule the basket and buyer break for this method; empty means eligible.
    public var reasons: [ProviderFieldError]
    /// The payments the buyer would make, when the method has a schedule and is eligible
    /// (Pledg installment, deferred, down payment).
    public var schedule: [ScheduledPayment]?

    /// An option for `method`.
    public init(method: String?, reasons: [ProviderFieldError], schedule: [ScheduledPayment]? = nil) {
        self.method = method
        self.reasons = reasons
        self.schedule = schedule
    }

    /// True when nothing keeps the shop from offering it: `POST /v1/checkouts` takes the same
    /// basket and buyer with this provider and method.
    public var isEligible: Bool { reasons.isEmpty }
}

/// One payment of a schedule: its due date and what the buyer pays then.
public struct ScheduledPayment: Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public var dueDate: String
    /// Minor units of the purchase paid on that date (fees apart).
    public var amount: Int64
    /// Fees paid with it, in minor units.
    public var fees: Int64

    /// A payment of `amount` plus `fees` due on `dueDate`.
    public init(dueDate: String, amount: Int64, fees: Int64) {
        (self.dueDate, self.amount, self.fees) = (dueDate, amount, fees)
    }
}
