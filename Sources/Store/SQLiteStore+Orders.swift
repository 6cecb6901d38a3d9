import FoundationEssentials
import Payments

extension SQLiteStore {
    /// See `OrderStore.paidCheckoutID(orderReference:)`.
    public func paidCheckoutID(orderReference: String) async throws -> CheckoutID? {
        try await onReader { db in
            try db.queryFirst("SELECT paid_checkout_id FROM orders WHERE reference = ?", [orderReference]) {
                $0.optionalText(0).map(CheckoutID.init)
            } ?? nil
        }
    }

    /// See `OrderStore.recordDuplicatePayment(_:source:detail:)`.
    public func recordDuplicatePayment(_ id: CheckoutID, source: CheckoutEvent.Source, detail: String) async throws -> CheckoutEvent {
        let now = configuration.now()
        return try await onWriter { db in
            let checkout = try SQLiteStore.currentCheckout(db, id)
            return try Rows.insertEvent(db, checkoutID: id, kind: .duplicatePayment, source: source,
                                        oldStatus: checkout.status, newStatus: checkout.status,
                                        providerStatus: checkout.providerStatus,
                                        refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                        queuesDelivery: self.configuration.queuesEventsForDelivery)
        }
    }
}
