import FoundationEssentials

/// The shop's order: a reference and every checkout attempt made for it.
public struct Order: Hashable, Sendable {
    /// The shop's order reference (unique).
    public var reference: String
    /// When the first attempt was stored.
    public var createdAt: Date
    /// Every attempt, oldest first.
    public var attempts: [Checkout]
    /// The attempt that reached `paid` first, as the store recorded it (`orders.paid_checkout_id`).
    public var paidCheckoutID: CheckoutID?

    /// An order with its attempts.
    public init(reference: String, createdAt: Date, attempts: [Checkout], paidCheckoutID: CheckoutID? = nil) {
        self.reference = reference
        self.createdAt = createdAt
        self.attempts = attempts
        self.paidCheckoutID = paidCheckoutID
    }

    /// The attempt that took the money, if any: the first one to reach `paid` — not the oldest
    /// attempt that has been paid, which may be a later duplicate (two tabs, issue 13).
    public var paidAttempt: Checkout? {
        if let paidCheckoutID, let paid = attempts.first(where: { $0.id == paidCheckoutID }) { return paid }
        return attempts.first { $0.status.hasBeenPaid }
    }

    /// The order's aggregate status: the paid attempt's status if there is one, otherwise the
    /// latest attempt's (a retry supersedes the failed attempt before it).
    public var aggregateStatus: Checkout.Status {
        paidAttempt?.status ?? attempts.last?.status ?? .created
    }
}
