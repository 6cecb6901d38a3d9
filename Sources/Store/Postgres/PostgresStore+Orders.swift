import FoundationEssentials
import Payments

extension PostgresStore {
    /// See `OrderStore.paidCheckoutID(orderReference:)`.
    public func paidCheckoutID(orderReference: String) async throws -> CheckoutID? {
        try await onConnection { db in
            try db.queryFirst("SELECT paid_checkout_id FROM orders WHERE reference = $1", [orderReference]) {
                $0.optionalText(0).map(CheckoutID.init)
            } ?? nil
        }
    }

    /// See `OrderStore.recordDuplicatePayment(_:source:detail:)`.
    public func recordDuplicatePayment(_ id: CheckoutID, source: CheckoutEvent.Source, detail: String) async throws -> CheckoutEvent {
        let now = configuration.now()
        let queues = configuration.queuesEventsForDelivery
        return try await onWriter { db in
            let checkout = try Self.lockedCheckout(db, id)
            return try Self.insertEvent(db, checkoutID: id, kind: .duplicatePayment, source: source,
                                        oldStatus: checkout.status, newStatus: checkout.status,
                                        providerStatus: checkout.providerStatus,
                                        refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                        queuesDelivery: queues)
        }
    }
}
