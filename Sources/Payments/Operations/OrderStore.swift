/// What the "an order is paid once" rule needs from storage (`PaymentStore` refines it).
public protocol OrderStore: Sendable {
    /// The attempt that paid the order first (`orders.paid_checkout_id`, set once by the
    /// transition that reached `paid`), or nil.
    func paidCheckoutID(orderReference: String) async throws -> CheckoutID?

    /// Records a `duplicate_payment` event on `id` (an attempt paid after another attempt of its
    /// order was paid) and enqueues it for the shop. Throws `checkoutNotFound`.
    func recordDuplicatePayment(_ id: CheckoutID, source: CheckoutEvent.Source, detail: String) async throws -> CheckoutEvent
}
