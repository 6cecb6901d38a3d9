import FoundationEssentials
import Payments

extension PostgresStore {
    /// The event columns qualified with the `e.` alias.
    private static let prefixedEventColumns = Rows.eventColumns.split(separator: ",")
        .map { "e." + $0.filter { !$0.isWhitespace } }.joined(separator: ", ")

    private static let outboxSelect = """
        SELECT o.id, o.attempts, o.next_attempt_at, o.last_error, \(prefixedEventColumns), \(Rows.eventMetadataColumn("e"))
        FROM outbox o JOIN checkout_events e ON e.seq = o.event_seq
        WHERE o.delivered_at IS NULL AND o.abandoned_at IS NULL AND o.next_attempt_at <= $1
        """

    private static func outboxItem(_ row: PostgresRow) throws -> OutboxItem {
        OutboxItem(id: row.int64(0), event: try Rows.event(row, offset: 4, withMetadata: true), attempts: row.int(1),
                   nextAttemptAt: Date(unixMilliseconds: row.int64(2)), lastError: row.optionalText(3))
    }

    /// See `PaymentStore.dueOutboxItems(limit:)`: a read (the backlog, tests); claims nothing.
    public func dueOutboxItems(limit: Int) async throws -> [OutboxItem] {
        let now = configuration.now()
        return try await onConnection { db in
            try db.query("\(Self.outboxSelect) ORDER BY o.next_attempt_at, o.id LIMIT $2", [now.unixMilliseconds, limit],
                         Self.outboxItem)
        }
    }

    /// The due outbox items this instance may send now, claimed for it: in order per checkout
    /// (an event waits while an earlier one of its checkout is neither delivered nor dead), rows
    /// another instance is claiming skipped, and each claimed row's `next_attempt_at` moved to
    /// the lease's end. Recording the attempt (`recordDeliveryAttempt`) ends the claim; an
    /// instance killed before that leaves it to whoever finds it due when the lease ends.
    /// The items carry the due time they had before the claim.
    public func deliverableOutboxItems(limit: Int) async throws -> [OutboxItem] {
        let now = configuration.now()
        let lease = now.addingTimeInterval(configuration.outboxClaimLease)
        return try await onWriter { db in
            let items = try db.query("""
                \(Self.outboxSelect)
                    AND NOT EXISTS (SELECT 1 FROM checkout_events pe JOIN outbox po ON po.event_seq = pe.seq
                        WHERE pe.checkout_id = e.checkout_id AND pe.seq < e.seq
                            AND po.delivered_at IS NULL AND po.abandoned_at IS NULL)
                ORDER BY o.next_attempt_at, o.id LIMIT $2
                FOR UPDATE OF o SKIP LOCKED
                """, [now.unixMilliseconds, limit], Self.outboxItem)
            for item in items {
                try db.run("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2", [lease.unixMilliseconds, item.id])
            }
            return items
        }
    }

    /// See `PaymentStore.markOutboxDelivered(_:)`.
    public func markOutboxDelivered(_ id: Int64) async throws {
        let now = configuration.now()
        try await onWriter(transaction: false) { db in
            try db.run("UPDATE outbox SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2", [now.unixMilliseconds, id])
        }
    }

    /// See `PaymentStore.markOutboxFailed(_:error:nextAttemptAt:)`.
    public func markOutboxFailed(_ id: Int64, error: String, nextAttemptAt: Date?) async throws {
        let now = configuration.now()
        try await onWriter(transaction: false) { db in
            if let nextAttemptAt {
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
                           [error, nextAttemptAt.unixMilliseconds, id])
            } else {
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = $1, abandoned_at = $2 WHERE id = $3",
                           [error, now.unixMilliseconds, id])
            }
        }
    }

    /// Records one delivery attempt of an outbox row and what becomes of the row, in one transaction.
    public func recordDeliveryAttempt(outboxID: Int64, attempt: EventDeliveryAttempt, outcome: EventDeliveryOutcome) async throws {
        let now = configuration.now()
        try await onWriter { db in
            try db.run("""
                INSERT INTO event_deliveries (outbox_id, attempted_at, http_status, duration_ms, error)
                VALUES ($1, $2, $3, $4, $5)
                """, [outboxID, attempt.attemptedAt.unixMilliseconds, attempt.httpStatus.map(Int64.init),
                      Int64(attempt.durationMilliseconds), attempt.error])
            switch outcome {
            case .delivered:
                try db.run("UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
                           [now.unixMilliseconds, outboxID])
            case .retry(let at):
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
                           [attempt.error, at.unixMilliseconds, outboxID])
            case .dead:
                try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = $1, abandoned_at = $2 WHERE id = $3",
                           [attempt.error, now.unixMilliseconds, outboxID])
            }
        }
    }

    /// Queues a published event again, due now, with a fresh schedule. False when the event
    /// does not exist or is not published.
    public func redeliverEvent(_ id: EventID) async throws -> Bool {
        let now = configuration.now()
        return try await onWriter(transaction: false) { db in
            try db.run("""
                UPDATE outbox SET delivered_at = NULL, abandoned_at = NULL, attempts = 0, next_attempt_at = $1
                WHERE event_seq = (SELECT seq FROM checkout_events WHERE id = $2)
                """, [now.unixMilliseconds, id.rawValue]) > 0
        }
    }

    /// Every delivery attempt of an event, oldest first; nil when the event is not in the shop's event log.
    public func deliveryAttempts(of id: EventID) async throws -> [EventDeliveryAttempt]? {
        try await onConnection(snapshot: true) { db in
            guard let outboxID = try db.queryFirst("""
                SELECT o.id FROM outbox o JOIN checkout_events e ON e.seq = o.event_seq WHERE e.id = $1
                """, [id.rawValue], { $0.int64(0) }) else { return nil }
            return try db.query("""
                SELECT attempted_at, http_status, duration_ms, error FROM event_deliveries WHERE outbox_id = $1 ORDER BY id
                """, [outboxID]) { row in
                EventDeliveryAttempt(attemptedAt: Date(unixMilliseconds: row.int64(0)), httpStatus: row.optionalInt64(1).map { Int($0) },
                                     durationMilliseconds: row.int(2), error: row.optionalText(3))
            }
        }
    }

    /// When the longest-flagged `needs_sync` checkout last changed (nil when none is flagged).
    public func oldestNeedsSyncChange() async throws -> Date? {
        try await onConnection { db in
            try db.queryFirst("SELECT min(updated_at) FROM checkouts WHERE needs_sync = 1", [], { $0.optionalInt64(0) }) ?? nil
        }.map { Date(unixMilliseconds: $0) }
    }

    /// How many events are dead (given up on, not redelivered), for `/metrics`.
    public func deadEventCount() async throws -> Int {
        try await onConnection { db in
            try db.queryFirst("SELECT count(*) FROM outbox WHERE abandoned_at IS NOT NULL AND delivered_at IS NULL", [], { $0.int(0) }) ?? 0
        }
    }
}
