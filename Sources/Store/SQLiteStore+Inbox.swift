import FoundationEssentials
import Payments

extension SQLiteStore {
    /// See `PaymentStore.insertWebhook(provider:body:headers:verification:)`.
    public func insertWebhook(provider: ProviderID, body: [UInt8], headers: [String: String],
                              verification: WebhookInboxItem.Verification) async throws -> Int64 {
        let now = configuration.now()
        return try await onWriter { db in
            try db.run("""
                INSERT INTO webhook_inbox (provider, headers, body, verification, received_at) VALUES (?, ?, ?, ?, ?)
                """, [provider.rawValue, Rows.encodeData(headers), body, verification.rawValue, now.unixMilliseconds])
            return db.lastInsertRowID
        }
    }

    /// See `PaymentStore.markWebhookProcessed(_:result:)`.
    public func markWebhookProcessed(_ id: Int64, result: String) async throws {
        let now = configuration.now()
        try await onWriter { db in
            try db.run("UPDATE webhook_inbox SET processed_at = ?, result = ? WHERE id = ?",
                       [now.unixMilliseconds, result, id])
        }
    }

    /// See `PaymentStore.unprocessedWebhooks(limit:)`.
    public func unprocessedWebhooks(limit: Int) async throws -> [WebhookInboxItem] {
        try await onReader { db in
            try db.query("""
                SELECT id, provider, body, headers, verification, received_at FROM webhook_inbox
                WHERE processed_at IS NULL ORDER BY id LIMIT ?
                """, [limit]) { row in
                guard let verification = WebhookInboxItem.Verification(rawValue: row.text(4)) else {
                    throw PaymentStoreError.storageFailure("unreadable verification in webhook_inbox")
                }
                let headers = (try? JSONDecoder().decode([String: String].self, from: Data(row.text(3).utf8))) ?? [:]
                return WebhookInboxItem(id: row.int64(0), provider: ProviderID(row.text(1)), body: row.blob(2),
                                        headers: headers, verification: verification,
                                        receivedAt: Date(unixMilliseconds: row.int64(5)))
            }
        }
    }
}
