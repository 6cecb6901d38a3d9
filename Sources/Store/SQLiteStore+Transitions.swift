import FoundationEssentials
import Payments

extension SQLiteStore {
    /// See `PaymentStore.apply(_:to:)`.
    public func apply(_ update: StatusUpdate, to id: CheckoutID, attaching reference: String?,
                      data: [String: String]) async throws -> TransitionOutcome {
        let now = configuration.now()
        return try await onWriter { db in
            // Re-read inside the write transaction: whatever was applied just before (a webhook
            // racing a poll) is what the state machine decides on.
            var checkout = try SQLiteStore.currentCheckout(db, id)
            if reference != nil || !data.isEmpty {
                try SQLiteStore.attach(reference, data: data, to: &checkout, db, now: now)
            }
            var machine = Checkout.StateMachine(checkout: checkout)
            let old = checkout.status
            let disposition: TransitionOutcome.Disposition
            let kind: CheckoutEvent.Kind
            let detail: String?
            // Issue 14: an operation whose answer was lost keeps the flag until an answer shows
            // its effect (`settleOperations`); a status alone (secuconnect's coarse `paid`) does not.
            let staysUnsynced = try checkout.needsSync && SQLiteStore.hasUnresolvedOperations(db, id)
            switch machine.receive(update) {
            case .apply(let status, let refunded):
                checkout.status = status
                checkout.refundedMinorUnits = refunded
                checkout.providerStatus = update.providerStatus
                checkout.needsSync = staysUnsynced
                checkout.updatedAt = now
                try db.run("""
                    UPDATE checkouts SET status = ?, refunded_minor = ?, provider_status = ?, needs_sync = ?,
                        updated_at = ? WHERE id = ?
                    """, [status.rawValue, refunded, update.providerStatus, staysUnsynced ? 1 : 0, now.unixMilliseconds, id.rawValue])
                if status.hasBeenPaid {
                    // The first paid attempt closes the order to new attempts.
                    try db.run("""
                        UPDATE orders SET paid_checkout_id = COALESCE(paid_checkout_id, ?), updated_at = ?
                        WHERE reference = ?
                        """, [id.rawValue, now.unixMilliseconds, checkout.orderReference])
                }
                (disposition, kind, detail) = (.applied, .transition, nil)
            case .ignore(let reason):
                // The provider answered, even if with old news: the status is known again.
                if checkout.needsSync && !staysUnsynced {
                    checkout.needsSync = false
                    try db.run("UPDATE checkouts SET needs_sync = 0 WHERE id = ?", [id.rawValue])
                }
                (disposition, kind, detail) = (.ignored(reason), .ignored, reason.rawValue)
            case .reportIntegrity(let problem):
                (disposition, kind, detail) = (.integrityViolation(problem), .integrity, problem.detail)
            }
            // A refused update records the status it asked for; an applied one the status reached.
            let event = try Rows.insertEvent(db, checkoutID: id, kind: kind, source: update.source, oldStatus: old,
                                             newStatus: update.status, providerStatus: update.providerStatus,
                                             refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                             metadata: checkout.metadata, queuesDelivery: self.configuration.queuesEventsForDelivery)
            return TransitionOutcome(disposition: disposition, checkout: checkout, event: event)
        }
    }

    /// See `PaymentStore.markNeedsSync(_:source:detail:)`.
    public func markNeedsSync(_ id: CheckoutID, source: CheckoutEvent.Source, detail: String) async throws -> CheckoutEvent {
        let now = configuration.now()
        return try await onWriter { db in
            let checkout = try SQLiteStore.currentCheckout(db, id)
            try db.run("UPDATE checkouts SET needs_sync = 1, updated_at = ? WHERE id = ?", [now.unixMilliseconds, id.rawValue])
            return try Rows.insertEvent(db, checkoutID: id, kind: .needsSync, source: source,
                                        oldStatus: checkout.status, newStatus: checkout.status,
                                        providerStatus: checkout.providerStatus,
                                        refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                        metadata: checkout.metadata, queuesDelivery: self.configuration.queuesEventsForDelivery)
        }
    }

    /// See `PaymentStore.events(after:limit:publishedOnly:)`.
    public func events(after: Int64, limit: Int, publishedOnly: Bool) async throws -> [CheckoutEvent] {
        try await onReader { db in
            if publishedOnly {
                return try db.query("""
                    SELECT \(Rows.eventColumns), \(Rows.eventMetadataColumn("checkout_events")) FROM checkout_events
                    WHERE seq > ? AND kind IN ('created', 'transition', 'duplicate_payment') ORDER BY seq LIMIT ?
                    """, [after, limit]) { try Rows.event($0, withMetadata: true) }
            }
            return try db.query("""
                SELECT \(Rows.eventColumns), \(Rows.eventMetadataColumn("checkout_events")) FROM checkout_events
                WHERE seq > ? ORDER BY seq LIMIT ?
                """, [after, limit]) { try Rows.event($0, withMetadata: true) }
        }
    }

    /// See `PaymentStore.events(of:)`.
    public func events(of id: CheckoutID) async throws -> [CheckoutEvent] {
        try await onReader { db in
            try db.query("""
                SELECT \(Rows.eventColumns), \(Rows.eventMetadataColumn("checkout_events")) FROM checkout_events
                WHERE checkout_id = ? ORDER BY seq
                """, [id.rawValue]) { try Rows.event($0, withMetadata: true) }
        }
    }
}
