import FoundationEssentials
import Payments

extension SQLiteStore {
    /// The event columns qualified with the `e.` alias, built once.
    private static let prefixedEventColumns = Rows.eventColumns.split(separator: ",")
        .map { "e." + $0.trimmingWhitespace() }.joined(separator: ", ")

    /// See `PaymentStore.dueOutboxItems(limit:)`.
    public func dueOutboxItems(limit: Int) async throws -> [OutboxItem] {
        let now = configuration.now()
        return try await onReader { db in
            try db.query("""
                SELECT o.id, o.attempts, o.next_attempt_at, o.last_error, \(Self.prefixedEventColumns),
                    \(Rows.eventMetadataColumn("e"))
                FROM outbox o JOIN checkout_events e ON e.seq = o.event_seq
                WHERE o.delivered_at IS NULL AND o.abandoned_at IS NULL AND o.next_attempt_at <= ?
                ORDER BY o.next_attempt_at, o.id LIMIT ?
                """, [now.unixMilliseconds, limit]) { row in
                OutboxItem(id: row.int64(0), event: try Rows.event(row, offset: 4, withMetadata: true), attempts: row.int(1),
                           nextAttemptAt: Date(unixMilliseconds: row.int64(2)), lastError: row.optionalText(3))
            }
        }
    }

    /// See `PaymentStore.markOutboxDelivered(_:)`.
    public func markOutboxDelivered(_ id: Int64) async throws {
        let now = configuration.now()
        try await onWriter { db in
            try db.run("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?", [now.unixMilliseconds, id])
        }
    }

    /// See `PaymentStore.markOutboxFailed(_:error:nextAttemptAt:)`.
    public func markOutboxFailed(_ id: Int64, error: String, nextAttemptAt: Date?) async throws {
        let now = configuration.now()
        try await onWriter { db in
            if let nextAttemptAt {
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                           [error, nextAttemptAt.unixMilliseconds, id])
            } else {
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = ?, abandoned_at = ? WHERE id = ?",
                           [error, now.unixMilliseconds, id])
            }
        }
    }
}

private extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
