import FoundationEssentials
import Payments

extension SQLiteStore {
    private static let openOperation = "SELECT 1 FROM operations o WHERE o.checkout_id = checkouts.id AND o.status IN ('requested', 'unknown', 'pending')"

    /// Takes the checkouts due at `now`, earliest due first, and lets `decide` say for each
    /// what happens, in one write transaction: at most `limit` are claimed for a poll (their
    /// `next_poll_at` moved to the lease, so a second pass or process does not take them
    /// too); the others are moved to their own time or dropped from the schedule. At most
    /// `scanLimit` rows are looked at, so one claim is bounded whatever the backlog.
    public func claimDueCheckouts(now: Date, limit: Int, scanLimit: Int,
                                  decide: @escaping @Sendable (ReconcileCandidate) -> ReconcileDecision) async throws -> [ClaimedCheckout] {
        guard limit > 0 else { return [] }
        return try await onWriter { db in
            // The first condition repeats the partial index's WHERE so SQLite can use it.
            let candidates = try db.query("""
                SELECT \(Rows.checkoutColumns), poll_attempts, next_poll_at, EXISTS (\(Self.openOperation))
                FROM checkouts WHERE next_poll_at IS NOT NULL AND next_poll_at <= ?
                ORDER BY next_poll_at, rowid LIMIT ?
                """, [now.unixMilliseconds, scanLimit]) { row in
                ReconcileCandidate(checkout: try Rows.checkout(row), pollAttempts: row.int(16),
                                   dueAt: Date(unixMilliseconds: row.int64(17)), hasOpenOperations: row.int(18) != 0)
            }
            return try ReconcileClaims.claim(candidates, limit: limit, decide: decide) { id, at in
                try db.run("UPDATE checkouts SET next_poll_at = ? WHERE id = ?", [at, id])
            }
        }
    }

    /// After a poll: the next look at `next` (nil: none) with `attempts` polls counted, unless
    /// the checkout changed since it was claimed (a change starts its schedule again, and
    /// that wins). Returns whether it was written.
    @discardableResult
    public func reschedulePoll(_ id: CheckoutID, claimedUntil lease: Date, attempts: Int, next: Date?) async throws -> Bool {
        try await onWriter { db in
            try db.run("UPDATE checkouts SET next_poll_at = ?, poll_attempts = ? WHERE id = ? AND next_poll_at = ?",
                       [next?.unixMilliseconds, attempts, id.rawValue, lease.unixMilliseconds]) > 0
        }
    }

    /// The earliest time any checkout is due (the scheduler sleeps until then), or nil.
    public func earliestPollDue() async throws -> Date? {
        try await onReader { db in
            try db.queryFirst("SELECT MIN(next_poll_at) FROM checkouts WHERE next_poll_at IS NOT NULL") {
                $0.isNull(0) ? nil : Date(unixMilliseconds: $0.int64(0))
            } ?? nil
        }
    }

    /// The checkout's place in the reconciler's schedule (tests, operators).
    public func pollSchedule(of id: CheckoutID) async throws -> (nextPollAt: Date?, attempts: Int)? {
        try await onReader { db in
            try db.queryFirst("SELECT next_poll_at, poll_attempts FROM checkouts WHERE id = ?", [id.rawValue]) {
                ($0.isNull(0) ? nil : Date(unixMilliseconds: $0.int64(0)), $0.int(1))
            }
        }
    }

    /// Marks `succeeded` the operations whose effect an answer showed and, when no operation
    /// is left `requested` or `unknown`, clears `needs_sync`, in one transaction. Returns the
    /// checkout afterwards.
    public func settleOperations(of id: CheckoutID, succeeded: [OperationID]) async throws -> Checkout {
        let now = configuration.now()
        return try await onWriter { db in
            for operation in succeeded {
                try db.run("""
                    UPDATE operations SET status = 'succeeded', updated_at = ?
                    WHERE id = ? AND checkout_id = ? AND status IN ('requested', 'unknown', 'pending')
                    """, [now.unixMilliseconds, operation.rawValue, id.rawValue])
            }
            var checkout = try SQLiteStore.currentCheckout(db, id)
            if checkout.needsSync, try !SQLiteStore.hasUnresolvedOperations(db, id) {
                try db.run("UPDATE checkouts SET needs_sync = 0 WHERE id = ?", [id.rawValue])
                checkout.needsSync = false
            }
            return checkout
        }
    }

    /// True while an operation of the checkout may have acted without Kassa knowing
    /// (`requested` or `unknown`): `needs_sync` stays until an answer shows its effect.
    static func hasUnresolvedOperations(_ db: Connection, _ id: CheckoutID) throws -> Bool {
        try db.queryFirst("""
            SELECT EXISTS (SELECT 1 FROM operations WHERE checkout_id = ? AND status IN ('requested', 'unknown'))
            """, [id.rawValue]) { $0.int(0) != 0 } ?? false
    }

    /// Deletes at most `batch` idempotency keys expired at `now`, oldest expiry first (the
    /// index on `expires_at`); returns how many. Bounded so one purge never holds the writer long.
    public func purgeExpiredIdempotencyKeys(now: Date, batch: Int) async throws -> Int {
        try await onWriter { db in
            try db.run("""
                DELETE FROM idempotency_keys WHERE rowid IN (
                    SELECT rowid FROM idempotency_keys WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)
                """, [now.unixMilliseconds, batch])
        }
    }
}
