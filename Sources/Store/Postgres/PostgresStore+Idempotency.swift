import FoundationEssentials
import Payments

extension PostgresStore {
    /// See `PaymentStore.beginIdempotentRequest(key:fingerprint:)`.
    ///
    /// The primary key (scope, key) decides between two instances receiving one key at once:
    /// the insert of one wins, the other's waits for it to commit, does nothing, and reads the
    /// winner's row under its lock — `inProgress` while the winner runs, its response after.
    /// An unanswered key of another run is that run's only while the run is alive: its
    /// connections still exist on the server (`application_name`); a killed instance's are gone.
    public func beginIdempotentRequest(key: IdempotencyKey, fingerprint: RequestFingerprint) async throws -> IdempotencyDecision {
        let now = configuration.now()
        let expiresAt = now.addingTimeInterval(configuration.idempotencyKeyLifetime)
        let runID = runID
        return try await onWriter { db in
            let claimed = try db.run("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, expires_at, claimed_by)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (scope, key) DO NOTHING
                """, [key.scope, key.value, fingerprint.hex, now.unixMilliseconds, expiresAt.unixMilliseconds, runID])
            if claimed == 1 { return .proceed }
            let existing = try db.queryFirst("""
                SELECT fingerprint, response_status, response_content_type, response_body, expires_at, checkout_id, claimed_by,
                    EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'kassa ' || claimed_by)
                FROM idempotency_keys WHERE scope = $1 AND key = $2 FOR UPDATE
                """, [key.scope, key.value]) { row in
                (fingerprint: row.text(0), status: row.optionalInt64(1), contentType: row.optionalText(2),
                 body: row.blob(3), expiresAt: row.int64(4), checkoutID: row.optionalText(5), claimedBy: row.optionalText(6),
                 claimantAlive: row.int(7) != 0)
            }
            if let existing, existing.expiresAt > now.unixMilliseconds {
                guard existing.fingerprint == fingerprint.hex else { return .conflict }
                if let status = existing.status {
                    return .replay(StoredResponse(status: Int(status), contentType: existing.contentType ?? "application/json",
                                                  body: existing.body))
                }
                // Unanswered: still running in this run or in another live instance.
                guard existing.claimedBy != runID, !existing.claimantAlive else { return .inProgress }
                // Its run is gone: resume its attempt, or run afresh when it stored none.
                if let checkoutID = existing.checkoutID { return .resume(CheckoutID(checkoutID)) }
            }
            // Expired (treated as never seen), orphaned before any attempt, or deleted since the
            // insert above: claim it.
            try db.run("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, expires_at, claimed_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, response_status = NULL,
                    response_content_type = NULL, response_body = NULL, created_at = excluded.created_at,
                    expires_at = excluded.expires_at, checkout_id = NULL, claimed_by = excluded.claimed_by
                """, [key.scope, key.value, fingerprint.hex, now.unixMilliseconds, expiresAt.unixMilliseconds, runID])
            return .proceed
        }
    }

    /// See `PaymentStore.completeIdempotentRequest(key:response:)`.
    public func completeIdempotentRequest(key: IdempotencyKey, response: StoredResponse) async throws {
        try await onWriter(transaction: false) { db in
            try db.run("""
                UPDATE idempotency_keys SET response_status = $1, response_content_type = $2, response_body = $3
                WHERE scope = $4 AND key = $5
                """, [response.status, response.contentType, response.body, key.scope, key.value])
        }
    }

    /// See `PaymentStore.releaseIdempotentRequest(key:)`.
    public func releaseIdempotentRequest(key: IdempotencyKey) async throws {
        try await onWriter(transaction: false) { db in
            try db.run("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response_status IS NULL", [key.scope, key.value])
        }
    }

    /// See `PaymentStore.purgeExpiredIdempotencyKeys()`.
    public func purgeExpiredIdempotencyKeys() async throws -> Int {
        let now = configuration.now()
        return try await onWriter(transaction: false) { db in
            try db.run("DELETE FROM idempotency_keys WHERE expires_at <= $1", [now.unixMilliseconds])
        }
    }

    /// Deletes at most `batch` idempotency keys expired at `now`, oldest expiry first; returns how many.
    public func purgeExpiredIdempotencyKeys(now: Date, batch: Int) async throws -> Int {
        try await onWriter(transaction: false) { db in
            try db.run("""
                DELETE FROM idempotency_keys WHERE (scope, key) IN (
                    SELECT scope, key FROM idempotency_keys WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                """, [now.unixMilliseconds, batch])
        }
    }
}
