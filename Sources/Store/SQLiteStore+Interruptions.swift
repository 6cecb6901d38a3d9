import FoundationEssentials
import Payments

extension SQLiteStore {
    /// What the `needs_sync` event of an attempt found cut off at start-up says.
    static let interruptedAtStartDetail = "interrupted: Kassa stopped before the provider answered"

    /// Marks `needs_sync` every attempt whose provider call was cut off: a creation still
    /// waiting for the provider's answer (`creating`), and a capture, cancel or refund still
    /// `requested` (made `unknown`). Runs when the shutdown grace ends (calls still held then);
    /// at start-up the store does the same when opening (`marksInterruptedCallsAtOpen`), for
    /// what an earlier run left after `kill -9`. Each gets a `needs_sync` event with `detail`;
    /// returns the checkouts marked.
    @discardableResult
    public func markInterruptedCalls(source: CheckoutEvent.Source, detail: String) async throws -> [CheckoutID] {
        let now = configuration.now()
        let queues = configuration.queuesEventsForDelivery
        return try await onWriter { db in
            try SQLiteStore.markInterruptedCalls(db, source: source, detail: detail, now: now, queuesDelivery: queues)
        }
    }

    /// The sweep itself, inside the caller's transaction.
    static func markInterruptedCalls(_ db: Connection, source: CheckoutEvent.Source, detail: String, now: Date,
                                     queuesDelivery: Bool) throws -> [CheckoutID] {
        let creations = try db.query("SELECT id FROM checkouts WHERE creating = 1") { CheckoutID($0.text(0)) }
        let operations = try db.query("SELECT id, checkout_id FROM operations WHERE status = 'requested'") {
            (id: $0.text(0), checkout: CheckoutID($0.text(1)))
        }
        for operation in operations {
            try db.run("UPDATE operations SET status = 'unknown', updated_at = ? WHERE id = ?", [now.unixMilliseconds, operation.id])
        }
        var marked: [CheckoutID] = []
        for id in creations + operations.map(\.checkout) where !marked.contains(id) {
            let checkout = try currentCheckout(db, id)
            try db.run("UPDATE checkouts SET needs_sync = 1, creating = 0, updated_at = ? WHERE id = ?",
                       [now.unixMilliseconds, id.rawValue])
            _ = try Rows.insertEvent(db, checkoutID: id, kind: .needsSync, source: source,
                                     oldStatus: checkout.status, newStatus: checkout.status,
                                     providerStatus: checkout.providerStatus,
                                     refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                     metadata: checkout.metadata, queuesDelivery: queuesDelivery)
            marked.append(id)
        }
        return marked
    }
}
