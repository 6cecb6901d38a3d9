import FoundationEssentials
import Payments

extension PostgresStore {
    /// Whose cut-off provider calls a sweep marks.
    enum InterruptedCalls {
        /// This run's (its shutdown grace ended with calls still held).
        case ofRun(String)
        /// Those of runs that are gone: no connection of theirs is left on the server. Other
        /// live instances' calls are theirs to finish.
        case goneRuns(except: String)

        /// The condition on a row whose run is in `column`, and its parameter.
        func condition(_ column: String) -> (sql: String, runID: String) {
            switch self {
            case .ofRun(let run): ("\(column) = $1", run)
            case .goneRuns(let current):
                ("""
                 (\(column) IS NULL OR (\(column) <> $1 AND NOT EXISTS (
                     SELECT 1 FROM pg_stat_activity WHERE application_name = 'kassa ' || \(column))))
                 """, current)
            }
        }
    }

    /// Marks `needs_sync` every attempt of this run whose provider call was cut off (see
    /// `SQLiteStore.markInterruptedCalls(source:detail:)`); when the shutdown grace ends.
    /// At start-up the store does the same for runs that are gone (`marksInterruptedCallsAtOpen`).
    @discardableResult
    public func markInterruptedCalls(source: CheckoutEvent.Source = .api, detail: String) async throws -> [CheckoutID] {
        let now = configuration.now()
        let (queues, runID) = (configuration.queuesEventsForDelivery, runID)
        return try await onWriter { db in
            try Self.markInterruptedCalls(db, of: .ofRun(runID), source: source, detail: detail, now: now, queuesDelivery: queues)
        }
    }

    /// The sweep itself, inside the caller's transaction. Every checkout concerned is locked
    /// first, in id order, before any event is written (the event lock comes last).
    static func markInterruptedCalls(_ db: PostgresConnection, of calls: InterruptedCalls, source: CheckoutEvent.Source,
                                     detail: String, now: Date, queuesDelivery: Bool) throws -> [CheckoutID] {
        let creating = calls.condition("creating_run")
        let requested = calls.condition("requested_by")
        let creations = try db.query("SELECT id FROM checkouts WHERE creating = 1 AND \(creating.sql) ORDER BY id",
                                     [creating.runID]) { CheckoutID($0.text(0)) }
        let operations = try db.query("""
            SELECT id, checkout_id FROM operations WHERE status = 'requested' AND \(requested.sql) ORDER BY id
            """, [requested.runID]) { (id: $0.text(0), checkout: CheckoutID($0.text(1))) }
        var ids: [CheckoutID] = []
        for id in creations + operations.map(\.checkout) where !ids.contains(id) { ids.append(id) }
        let checkouts = try ids.sorted { $0.rawValue < $1.rawValue }.map { try lockedCheckout(db, $0) }
        for operation in operations {
            try db.run("UPDATE operations SET status = 'unknown', updated_at = $1 WHERE id = $2", [now.unixMilliseconds, operation.id])
        }
        for id in ids {
            guard let checkout = checkouts.first(where: { $0.id == id }) else { continue }
            try db.run("UPDATE checkouts SET needs_sync = 1, creating = 0, updated_at = $1 WHERE id = $2",
                       [now.unixMilliseconds, id.rawValue])
            _ = try insertEvent(db, checkoutID: id, kind: .needsSync, source: source,
                                oldStatus: checkout.status, newStatus: checkout.status,
                                providerStatus: checkout.providerStatus,
                                refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                metadata: checkout.metadata, queuesDelivery: queuesDelivery)
        }
        return ids
    }
}
