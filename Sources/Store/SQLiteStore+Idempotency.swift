import FoundationEssentials
import Payments

extension SQLiteStore {
    /// See `PaymentStore.beginIdempotentRequest(key:fingerprint:)`.
    public func beginIdempotentRequest(key: IdempotencyKey, fingerprint: RequestFingerprint) async throws -> IdempotencyDecision {
        let now = configuration.now()
        let expiresAt = now.addingTimeInterval(configuration.idempotencyKeyLifetime)
        return try await onWriter { db in
            let existing = try db.queryFirst("""
                SELECT fingerprint, response_status, response_content_type, response_body, expires_at
                FROM idempotency_keys WHERE scope = ? AND key = ?
                """, [key.scope, key.value]) { row in
                (fingerprint: row.text(0), status: row.optionalInt64(1), contentType: row.optionalText(2),
                 body: row.blob(3), expiresAt: row.int64(4))
            }
            if let existing, existing.expiresAt > now.unixMilliseconds {
                guard existing.fingerprint == fingerprint.hex else { return .conflict }
                guard let status = existing.status else { return .inProgress }
                return .replay(StoredResponse(status: Int(status), contentType: existing.contentType ?? "application/json",
                                              body: existing.body))
            }
            // New, or expired (treated as never seen): claim it.
            try db.run("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, response_status = NULL,
                    response_content_type = NULL, response_body = NULL, created_at = excluded.created_at,
                    expires_at = excluded.expires_at
                """, [key.scope, key.value, fingerprint.hex, now.unixMilliseconds, expiresAt.unixMilliseconds])
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
