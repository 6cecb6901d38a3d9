import FoundationEssentials
import Payments

extension PostgresStore {
    /// See `PaymentStore.recordNotice(_:for:source:)`.
    public func recordNotice(_ notice: ProviderNotice, for id: CheckoutID, source: CheckoutEvent.Source) async throws -> CheckoutEvent? {
        let now = configuration.now()
        let queues = configuration.queuesEventsForDelivery
        return try await onWriter { db in
            try Self.insertNotice(db, notice, for: try Self.lockedCheckout(db, id), source: source, now: now, queuesDelivery: queues)
        }
    }

    /// A `notice` event inside the caller's transaction, or nil when the checkout has a notice
    /// with this key already. The caller holds the checkout's row lock, so a webhook and a poll
    /// reading the same chargeback on two instances check one after the other.
    static func insertNotice(_ db: PostgresConnection, _ notice: ProviderNotice, for checkout: Checkout,
                             source: CheckoutEvent.Source, now: Date, queuesDelivery: Bool) throws -> CheckoutEvent? {
        let known = try db.queryFirst("SELECT 1 FROM checkout_events WHERE checkout_id = $1 AND notice_key = $2",
                                      [checkout.id.rawValue, notice.key]) { _ in true } ?? false
        guard !known else { return nil }
        return try insertEvent(db, checkoutID: checkout.id, kind: .notice, source: source,
                               oldStatus: checkout.status, newStatus: checkout.status, providerStatus: checkout.providerStatus,
                               refundedMinorUnits: checkout.refundedMinorUnits, detail: Rows.encodeData(notice.detail),
                               at: now, metadata: checkout.metadata, queuesDelivery: queuesDelivery,
                               noticeType: notice.type, noticeKey: notice.key)
    }
}
