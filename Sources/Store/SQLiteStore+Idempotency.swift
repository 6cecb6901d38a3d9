import FoundationEssentials
import Payments

extension SQLiteStore {
    /// See `PaymentStore.beginIdempotentRequest(key:fingerprint:)`.
    public func beginIdempotentRequest(key: IdempotencyKey, fingerprint: RequestFingerprint) async throws -> IdempotencyDecision {
        let now = configuration.now()
        let expiresAt = now.addingTimeInterval(configuration.idempotencyKeyLifetime)
        return try await onWriter { db in
            let existing = try db.queryFirst("""
                SELECT fingerprint, response_status, response_content_type, response_body, expires_at, checkout_id, claimed_by
                FROM idempotency_keys WHERE scope = ? AND key = ?
                """, [key.scope, key.value]) { row in
                (fingerprint: row.text(0), status: row.optionalInt64(1), contentType: row.optionalText(2),
                 body: row.blob(3), expiresAt: row.int64(4), checkoutID: row.optionalText(5), claimedBy: row.optionalText(6))
            }
            if let existing, existing.expiresAt > now.unixMilliseconds {
                guard existing.fingerprint == fingerprint.hex else { return .conflict }
                if let status = existing.status {
                    return .replay(StoredResponse(status: Int(status), contentType: existing.contentType ?? "application/json",
                                                  body: existing.body))
                }
                // Unanswered. Claimed by this run: its request is still running. Claimed by an
                // earlier run: that request died with the process, and nothing will answer it.
                guard existing.claimedBy != self.runID else { return .inProgress }
                if let checkoutID = existing.checkoutID { return .resume(CheckoutID(checkoutID)) }
                // It died before storing an attempt: nothing happened, so the retry runs afresh.
            }
            // New, expired (treated as never seen), or orphaned before any attempt: claim it.
            try db.run("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, expires_at, claimed_by)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, response_status = NULL,
                    response_content_type = NULL, response_body = NULL, created_at = excluded.created_at,
                    expires_at = excluded.expires_at, checkout_id = NULL, claimed_by = excluded.claimed_by
                """, [key.scope, key.value, fingerprint.hex, now.unixMilliseconds, expiresAt.unixMilliseconds, self.runID])
            return .proceed
        }
    }

    /// See `PaymentStore.completeIdempotentRequest(key:response:)`.
    public func completeIdempotentRequest(key: IdempotencyKey, response: StoredResponse) async throws {
        try await onWriter { db in
            try db.run("""
                UPDATE idempotency_keys SET response_status = ?, response_content_type = ?, response_body = ?
                WHERE scope = ? AND key = ?
                """, [response.status, response.contentType, response.body, key.scope, key.value])
        }
    }

    /// See `PaymentStore.releaseIdempotentRequest(key:)`.
    public func releaseIdempotentRequest(key: IdempotencyKey) async throws {
        try await onWriter { db in
            try db.run("DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response_status IS NULL", [key.scope, key.value])
        }
    }

    /// See `PaymentStore.purgeExpiredIdempotencyKeys()`.
    public func purgeExpiredIdempotencyKeys() async throws -> Int {
        let now = configuration.now()
        return try await onWriter { db in
            try db.run("DELETE FROM idempotency_keys WHERE expires_at <= ?", [now.unixMilliseconds])
        }
    }
}
