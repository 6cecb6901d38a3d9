import Crypto
import FoundationEssentials
import Payments

extension PostgresStore {
    /// See `PaymentStore.insertWebhook(provider:body:headers:verification:bodyLimit:trustedStatus:notice:)`.
    /// Durable when this returns: the commit is on the server's disk (`synchronous_commit`).
    public func insertWebhook(provider: ProviderID, body: [UInt8], headers: [String: String],
                              verification: WebhookInboxItem.Verification, bodyLimit: Int?,
                              trustedStatus: ProviderStatus?, notice: ProviderNotice?) async throws -> Int64 {
        // Only a verified notification's status is trusted (NotificationIntakeResult's rule).
        let status = verification == .verified ? trustedStatus.map(StoredNotification.encode) : nil
        let notice = notice.map(StoredNotification.encode)
        let now = configuration.now()
        // A verified notification is processed from its body, so it is never cut.
        let kept = verification == .verified ? body : Array(body.prefix(bodyLimit ?? body.count))
        let digest = Hex.encode(SHA256.hash(body))
        let runID = runID
        return try await onWriter(transaction: false) { db in
            guard let id = try db.queryFirst("""
                INSERT INTO webhook_inbox (provider, headers, body, body_size, body_sha256, verification, received_at,
                    trusted_status, notice, received_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
                """, [provider.rawValue, Rows.encodeData(headers), kept, body.count, digest, verification.rawValue,
                      now.unixMilliseconds, status, notice, runID], { $0.int64(0) }) else {
                throw PaymentStoreError.storageFailure("inbox insert returned no id")
            }
            return id
        }
    }

    /// See `PaymentStore.pruneUnverifiedWebhooks(receivedBefore:keepingAtMost:batch:)`.
    public func pruneUnverifiedWebhooks(receivedBefore cutoff: Date, keepingAtMost maxRows: Int, batch: Int) async throws -> Int {
        try await onWriter(transaction: false) { db in
            try db.run("""
                DELETE FROM webhook_inbox WHERE id IN (
                    SELECT id FROM webhook_inbox
                    WHERE verification != 'verified' AND (received_at < $1 OR id <= COALESCE((
                        SELECT id FROM webhook_inbox WHERE verification != 'verified'
                        ORDER BY id DESC LIMIT 1 OFFSET $2), 0))
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
                """, [cutoff.unixMilliseconds, maxRows, batch])
        }
    }

    /// The inbox's footprint: rows, bytes stored and bytes received (for tests and operators).
    public func inboxFootprint() async throws -> (rows: Int, storedBytes: Int, receivedBytes: Int) {
        try await onConnection { db in
            try db.queryFirst("""
                SELECT COUNT(*), COALESCE(SUM(octet_length(body)), 0), COALESCE(SUM(body_size), 0) FROM webhook_inbox
                """) { ($0.int(0), $0.int(1), $0.int(2)) } ?? (0, 0, 0)
        }
    }

    /// See `PaymentStore.markWebhookProcessed(_:result:)`.
    public func markWebhookProcessed(_ id: Int64, result: String) async throws {
        let now = configuration.now()
        try await onWriter(transaction: false) { db in
            _ = try db.run("UPDATE webhook_inbox SET processed_at = $1, result = $2 WHERE id = $3", [now.unixMilliseconds, result, id])
        }
    }

    /// See `PaymentStore.unprocessedWebhooks(limit:)`: those this run received and those of
    /// runs that are gone. Another live instance's are left to it: it is processing them, and a
    /// second instance starting must not process them again.
    public func unprocessedWebhooks(limit: Int) async throws -> [WebhookInboxItem] {
        let runID = runID
        return try await onConnection { db in
            try db.query("""
                SELECT id, provider, body, headers, verification, received_at, body_size, trusted_status, notice FROM webhook_inbox
                WHERE processed_at IS NULL AND (received_by IS NULL OR received_by = $2 OR NOT EXISTS (
                    SELECT 1 FROM pg_stat_activity WHERE application_name = 'kassa ' || received_by))
                ORDER BY id LIMIT $1
                """, [limit, runID]) { row in
                guard let verification = WebhookInboxItem.Verification(rawValue: row.text(4)) else {
                    throw PaymentStoreError.storageFailure("unreadable verification in webhook_inbox")
                }
                let headers = (try? JSONDecoder().decode([String: String].self, from: Data(row.text(3).utf8))) ?? [:]
                return WebhookInboxItem(id: row.int64(0), provider: ProviderID(row.text(1)), body: row.blob(2),
                                        headers: headers, verification: verification,
                                        receivedAt: Date(unixMilliseconds: row.int64(5)), receivedSize: row.int(6),
                                        trustedStatus: verification == .verified ? row.optionalText(7).flatMap(StoredNotification.status) : nil,
                                        notice: row.optionalText(8).flatMap(StoredNotification.notice))
            }
        }
    }
}
