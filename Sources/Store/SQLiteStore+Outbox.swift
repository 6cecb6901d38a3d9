import FoundationEssentials
import Payments

extension SQLiteStore {
    /// The event columns qualified with the `e.` alias, built once.
    private static let prefixedEventColumns = Rows.eventColumns.split(separator: ",")
        .map { "e." + $0.trimmingWhitespace() }.joined(separator: ", ")

    /// See `PaymentStore.dueOutboxItems(limit:)`.
    public func dueOutboxItems(limit: Int) async throws -> [OutboxItem] {
        try await outboxItems(limit: limit, holdingBackLaterEvents: false)
    }

    /// The due outbox items that may be sent now, oldest due first: in order per checkout, an
    /// event waits while an earlier one of its checkout is neither delivered nor dead, so a
    /// failed first delivery is always retried before its checkout's later events go.
    public func deliverableOutboxItems(limit: Int) async throws -> [OutboxItem] {
        try await outboxItems(limit: limit, holdingBackLaterEvents: true)
    }

    private func outboxItems(limit: Int, holdingBackLaterEvents: Bool) async throws -> [OutboxItem] {
        let now = configuration.now()
        let holdBack = holdingBackLaterEvents ? """
                    AND NOT EXISTS (SELECT 1 FROM checkout_events pe JOIN outbox po ON po.event_seq = pe.seq
                        WHERE pe.checkout_id = e.checkout_id AND pe.seq < e.seq
                            AND po.delivered_at IS NULL AND po.abandoned_at IS NULL)
            """ : ""
        return try await onReader { db in
            try db.query("""
                SELECT o.id, o.attempts, o.next_attempt_at, o.last_error, \(Self.prefixedEventColumns),
                    \(Rows.eventMetadataColumn("e"))
                FROM outbox o JOIN checkout_events e ON e.seq = o.event_seq
                WHERE o.delivered_at IS NULL AND o.abandoned_at IS NULL AND o.next_attempt_at <= ?
                \(holdBack)
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

extension SQLiteStore {
    /// See `PaymentStore.events(after:limit:filter:)`.
    public func events(after: Int64, limit: Int, filter: EventLogFilter) async throws -> [CheckoutEvent] {
        try await onReader { db in
            try db.query("""
                SELECT \(Rows.eventColumns), \(Rows.eventMetadataColumn("checkout_events")) FROM checkout_events
                WHERE seq > ?1 AND kind IN \(Rows.publishedKinds)
                    AND (?2 IS NULL OR checkout_id = ?2)
                    AND (?3 IS NULL OR checkout_id IN (SELECT id FROM checkouts WHERE order_reference = ?3))
                    AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR new_status = ?5) AND (?7 IS NULL OR notice_type = ?7)
                ORDER BY seq LIMIT ?6
                """,
                [after, filter.checkoutID?.rawValue, filter.orderReference, filter.kind?.rawValue, filter.newStatus?.rawValue, limit,
                 filter.noticeType]) {
                try Rows.event($0, withMetadata: true)
            }
        }
    }

    /// Records one delivery attempt of an outbox row and what becomes of the row, in one
    /// transaction: the attempt log and the delivery state never disagree.
    public func recordDeliveryAttempt(outboxID: Int64, attempt: EventDeliveryAttempt, outcome: EventDeliveryOutcome) async throws {
        let now = configuration.now()
        try await onWriter { db in
            try db.run("""
                INSERT INTO event_deliveries (outbox_id, attempted_at, http_status, duration_ms, error)
                VALUES (?, ?, ?, ?, ?)
                """, [outboxID, attempt.attemptedAt.unixMilliseconds, attempt.httpStatus.map(Int64.init),
                      Int64(attempt.durationMilliseconds), attempt.error])
            switch outcome {
            case .delivered:
                try db.run("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                           [now.unixMilliseconds, outboxID])
            case .retry(let at):
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                           [attempt.error, at.unixMilliseconds, outboxID])
            case .dead:
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = ?, abandoned_at = ? WHERE id = ?",
                           [attempt.error, now.unixMilliseconds, outboxID])
            }
        }
    }

    /// Queues a published event again, due now, with a fresh schedule (`POST
    /// /v1/events/{id}/redeliver`). False when the event does not exist or is not published.
    public func redeliverEvent(_ id: EventID) async throws -> Bool {
        let now = configuration.now()
        return try await onWriter { db in
            let changed = try db.run("""
                UPDATE outbox SET delivered_at = NULL, abandoned_at = NULL, attempts = 0, next_attempt_at = ?
                WHERE event_seq = (SELECT seq FROM checkout_events WHERE id = ?)
                """, [now.unixMilliseconds, id.rawValue])
            return changed > 0
        }
    }

    /// Every delivery attempt of an event, oldest first; nil when the event is not in the
    /// shop's event log (unknown, or a kind that is not published).
    public func deliveryAttempts(of id: EventID) async throws -> [EventDeliveryAttempt]? {
        try await onReader { db in
            guard let outboxID = try db.queryFirst("""
                SELECT o.id FROM outbox o JOIN checkout_events e ON e.seq = o.event_seq WHERE e.id = ?
                """, [id.rawValue], { $0.int64(0) }) else { return nil }
            return try db.query("""
                SELECT attempted_at, http_status, duration_ms, error FROM event_deliveries WHERE outbox_id = ? ORDER BY id
                """, [outboxID]) { row in
                EventDeliveryAttempt(attemptedAt: Date(unixMilliseconds: row.int64(0)), httpStatus: row.optionalInt64(1).map { Int($0) },
                                     durationMilliseconds: row.int(2), error: row.optionalText(3))
            }
        }
    }

    /// When the longest-flagged `needs_sync` checkout last changed (nil when none is flagged),
    /// for `/metrics`' `kassa_needs_sync_oldest_seconds`: an alert fires when it passes an hour.
    public func oldestNeedsSyncChange() async throws -> Date? {
        try await onReader { db in
            try db.queryFirst("SELECT min(updated_at) FROM checkouts WHERE needs_sync = 1", [], { $0.optionalInt64(0) }) ?? nil
        }.map { Date(unixMilliseconds: $0) }
    }

    /// How many events are dead (given up on, not redelivered), for `/metrics`.
    public func deadEventCount() async throws -> Int {
        try await onReader { db in
            try db.queryFirst("SELECT count(*) FROM outbox WHERE abandoned_at IS NOT NULL AND delivered_at IS NULL", [], { $0.int(0) }) ?? 0
        }
    }
}

private extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
