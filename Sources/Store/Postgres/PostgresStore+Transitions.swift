import FoundationEssentials
import Payments

extension PostgresStore {
    /// See `PaymentStore.apply(_:to:attaching:data:)`.
    public func apply(_ update: StatusUpdate, to id: CheckoutID, attaching reference: String?,
                      data: [String: String]) async throws -> TransitionOutcome {
        let now = configuration.now()
        let queues = configuration.queuesEventsForDelivery
        return try await onWriter { db in
            // Locked and re-read: whatever another instance applied just before (a webhook on
            // one, a poll on the other) is what the state machine decides on.
            var checkout = try Self.lockedCheckout(db, id)
            if reference != nil || !data.isEmpty {
                try Self.attach(reference, data: data, to: &checkout, db, now: now)
            }
            var machine = Checkout.StateMachine(checkout: checkout)
            let old = checkout.status
            let disposition: TransitionOutcome.Disposition
            let kind: CheckoutEvent.Kind
            let detail: String?
            // Issue 14: an operation whose answer was lost keeps the flag until an answer shows its effect.
            let staysUnsynced = try checkout.needsSync && Self.hasUnresolvedOperations(db, id)
            switch machine.receive(update) {
            case .apply(let status, let refunded):
                checkout.status = status
                checkout.refundedMinorUnits = refunded
                checkout.providerStatus = update.providerStatus
                checkout.needsSync = staysUnsynced
                checkout.updatedAt = now
                try db.run("""
                    UPDATE checkouts SET status = $1, refunded_minor = $2, provider_status = $3, needs_sync = $4,
                        updated_at = $5, creating = 0 WHERE id = $6
                    """, [status.rawValue, refunded, update.providerStatus, staysUnsynced, now.unixMilliseconds, id.rawValue])
                if status.hasBeenPaid {
                    // The first paid attempt closes the order to new attempts.
                    try db.run("""
                        UPDATE orders SET paid_checkout_id = COALESCE(paid_checkout_id, $1), updated_at = $2
                        WHERE reference = $3
                        """, [id.rawValue, now.unixMilliseconds, checkout.orderReference])
                }
                (disposition, kind, detail) = (.applied, .transition, nil)
            case .ignore(let reason):
                // The provider answered, even if with old news: the status is known again.
                if checkout.needsSync && !staysUnsynced {
                    checkout.needsSync = false
                    try db.run("UPDATE checkouts SET needs_sync = 0 WHERE id = $1", [id.rawValue])
                }
                (disposition, kind, detail) = (.ignored(reason), .ignored, reason.rawValue)
            case .reportIntegrity(let problem):
                (disposition, kind, detail) = (.integrityViolation(problem), .integrity, problem.detail)
            }
            // A refused update records the status it asked for; an applied one the status reached.
            let event = try Self.insertEvent(db, checkoutID: id, kind: kind, source: update.source, oldStatus: old,
                                             newStatus: update.status, providerStatus: update.providerStatus,
                                             refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                             metadata: checkout.metadata, queuesDelivery: queues)
            // News the same answer carried (a chargeback): recorded whatever the status did.
            for notice in update.notices {
                _ = try Self.insertNotice(db, notice, for: checkout, source: update.source, now: now, queuesDelivery: queues)
            }
            return TransitionOutcome(disposition: disposition, checkout: checkout, event: event)
        }
    }

    /// See `PaymentStore.markNeedsSync(_:source:detail:)`.
    public func markNeedsSync(_ id: CheckoutID, source: CheckoutEvent.Source, detail: String) async throws -> CheckoutEvent {
        let now = configuration.now()
        let queues = configuration.queuesEventsForDelivery
        return try await onWriter { db in
            let checkout = try Self.lockedCheckout(db, id)
            try db.run("UPDATE checkouts SET needs_sync = 1, updated_at = $1, creating = 0 WHERE id = $2",
                       [now.unixMilliseconds, id.rawValue])
            return try Self.insertEvent(db, checkoutID: id, kind: .needsSync, source: source,
                                        oldStatus: checkout.status, newStatus: checkout.status,
                                        providerStatus: checkout.providerStatus,
                                        refundedMinorUnits: checkout.refundedMinorUnits, detail: detail, at: now,
                                        metadata: checkout.metadata, queuesDelivery: queues)
        }
    }

    /// True while an operation of the checkout may have acted without Kassa knowing
    /// (`requested` or `unknown`): `needs_sync` stays until an answer shows its effect.
    static func hasUnresolvedOperations(_ db: PostgresConnection, _ id: CheckoutID) throws -> Bool {
        try db.queryFirst("""
            SELECT EXISTS (SELECT 1 FROM operations WHERE checkout_id = $1 AND status IN ('requested', 'unknown'))
            """, [id.rawValue]) { $0.int(0) != 0 } ?? false
    }
}
