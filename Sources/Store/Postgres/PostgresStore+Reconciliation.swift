import FoundationEssentials
import Payments

extension PostgresStore {
    private static let openOperation = "SELECT 1 FROM operations o WHERE o.checkout_id = checkouts.id AND o.status IN ('requested', 'unknown', 'pending')"

    /// See `SQLiteStore.claimDueCheckouts(now:limit:scanLimit:decide:)`. Rows another instance
    /// is claiming (or updating) right now are skipped (`FOR UPDATE SKIP LOCKED`), and a claim
    /// moves `next_poll_at` to the lease: two instances never poll one checkout at once, and a
    /// killed instance's claims come due again when their lease ends.
    public func claimDueCheckouts(now: Date, limit: Int, scanLimit: Int,
                                  decide: @escaping @Sendable (ReconcileCandidate) -> ReconcileDecision) async throws -> [ClaimedCheckout] {
        guard limit > 0 else { return [] }
        return try await onWriter { db in
            let candidates = try db.query("""
                SELECT \(Rows.checkoutColumns), poll_attempts, next_poll_at, EXISTS (\(Self.openOperation))
                FROM checkouts WHERE next_poll_at IS NOT NULL AND next_poll_at <= $1
                ORDER BY next_poll_at, row_order LIMIT $2
                FOR UPDATE OF checkouts SKIP LOCKED
                """, [now.unixMilliseconds, scanLimit]) { row in
                ReconcileCandidate(checkout: try Rows.checkout(row), pollAttempts: row.int(16),
                                   dueAt: Date(unixMilliseconds: row.int64(17)), hasOpenOperations: row.int(18) != 0)
            }
            return try ReconcileClaims.claim(candidates, limit: limit, decide: decide) { id, at in
                try db.run("UPDATE checkouts SET next_poll_at = $1 WHERE id = $2", [at, id])
            }
        }
    }

    /// After a poll: the next look at `next` (nil: none) with `attempts` polls counted, unless
    /// the checkout changed since it was claimed. Returns whether it was written.
    @discardableResult
    public func reschedulePoll(_ id: CheckoutID, claimedUntil lease: Date, attempts: Int, next: Date?) async throws -> Bool {
        try await onWriter(transaction: false) { db in
            try db.run("UPDATE checkouts SET next_poll_at = $1, poll_attempts = $2 WHERE id = $3 AND next_poll_at = $4",
                       [next?.unixMilliseconds, attempts, id.rawValue, lease.unixMilliseconds]) > 0
        }
    }

    /// The earliest time any checkout is due (the scheduler sleeps until then), or nil.
    public func earliestPollDue() async throws -> Date? {
        try await onConnection { db in
            try db.queryFirst("SELECT MIN(next_poll_at) FROM checkouts WHERE next_poll_at IS NOT NULL") {
                $0.isNull(0) ? nil : Date(unixMilliseconds: $0.int64(0))
            } ?? nil
        }
    }

    /// The checkout's place in the reconciler's schedule (tests, operators).
    public func pollSchedule(of id: CheckoutID) async throws -> (nextPollAt: Date?, attempts: Int)? {
        try await onConnection { db in
            try db.queryFirst("SELECT next_poll_at, poll_attempts FROM checkouts WHERE id = $1", [id.rawValue]) {
                ($0.isNull(0) ? nil : Date(unixMilliseconds: $0.int64(0)), $0.int(1))
            }
        }
    }
}
