import FoundationEssentials
import Payments

extension PostgresStore {
    /// The advisory lock that keeps the shop's event log in order: this class ("KEVT") and the
    /// schema's hash as the second key, so two Kassas in two schemas of one database do not
    /// wait for each other.
    ///
    /// An identity value is handed out at insert but becomes visible at commit: two writers
    /// could commit seq 8 before seq 7, and a shop that read 8 and pages `after=8` would never
    /// see 7. So every event insert holds this lock *shared* from before its value is taken
    /// until its transaction ends (writers do not wait for each other, and their commits still
    /// flush together), and a page of the log is read holding it *exclusively*: taking it
    /// waits until every writer that took a value has committed or rolled back, and holds new
    /// ones back while the page's snapshot is taken. Every value below the page's last is
    /// then settled. A commit is visible before its locks are released.
    static let eventLockClass: Int32 = 0x4B45_5654

    private static let eventLockKeys = "\(eventLockClass), hashtext(current_schema())"

    /// Runs `body` (one statement: its snapshot is taken while the lock is held) holding the
    /// event lock exclusively.
    private static func withSettledEvents<T>(_ db: PostgresConnection, _ body: () throws -> T) throws -> T {
        try db.run("SELECT pg_advisory_lock(\(eventLockKeys))")
        defer { _ = try? db.run("SELECT pg_advisory_unlock(\(eventLockKeys))") }
        return try body()
    }

    /// Inserts an event (and, for published kinds, its outbox row) inside the caller's
    /// transaction, in one statement that first takes the event lock (shared).
    static func insertEvent(_ db: PostgresConnection, checkoutID: CheckoutID, kind: CheckoutEvent.Kind,
                            source: CheckoutEvent.Source, oldStatus: Checkout.Status?, newStatus: Checkout.Status,
                            providerStatus: String?, refundedMinorUnits: Int64, detail: String?,
                            at now: Date, metadata: [String: String] = [:], queuesDelivery: Bool,
                            noticeType: String? = nil, noticeKey: String? = nil) throws -> CheckoutEvent {
        let id = EventID.generate()
        let queued = kind.isPublished && queuesDelivery
        guard let sequence = try db.queryFirst("""
            WITH event AS (
                INSERT INTO checkout_events (id, checkout_id, kind, source, old_status, new_status,
                    provider_status, refunded_minor, detail, occurred_at, notice_type, notice_key)
                SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::bigint, $9::text,
                    $10::bigint, $11::text, $12::text
                FROM pg_advisory_xact_lock_shared($13::int, hashtext(current_schema()))
                RETURNING seq),
            queued AS (
                INSERT INTO outbox (event_seq, next_attempt_at, created_at)
                SELECT seq, $10::bigint, $10::bigint FROM event WHERE $14::int = 1)
            SELECT seq FROM event
            """, [id.rawValue, checkoutID.rawValue, kind.rawValue, source.rawValue, oldStatus?.rawValue,
                  newStatus.rawValue, providerStatus, refundedMinorUnits, detail, now.unixMilliseconds, noticeType, noticeKey,
                  Int(eventLockClass), queued], { $0.int64(0) }) else {
            throw PaymentStoreError.storageFailure("event insert returned no sequence")
        }
        return CheckoutEvent(sequence: sequence, id: id, checkoutID: checkoutID, kind: kind, source: source,
                             oldStatus: oldStatus, newStatus: newStatus, providerStatus: providerStatus,
                             refundedMinorUnits: refundedMinorUnits, detail: detail, occurredAt: now, metadata: metadata,
                             noticeType: noticeType)
    }

    /// See `PaymentStore.events(after:limit:publishedOnly:)`.
    /// A page of the log: see `eventLockClass`.
    public func events(after: Int64, limit: Int, publishedOnly: Bool) async throws -> [CheckoutEvent] {
        try await onConnection { db in
            try Self.withSettledEvents(db) {
                try db.query("""
                    SELECT \(Rows.eventColumns), \(Rows.eventMetadataColumn("checkout_events")) FROM checkout_events
                    WHERE seq > $1 \(publishedOnly ? "AND kind IN \(Rows.publishedKinds)" : "") ORDER BY seq LIMIT $2
                    """, [after, limit]) { try Rows.event($0, withMetadata: true) }
            }
        }
    }

    /// See `PaymentStore.events(of:)`.
    public func events(of id: CheckoutID) async throws -> [CheckoutEvent] {
        try await onConnection { db in
            try db.query("""
                SELECT \(Rows.eventColumns), \(Rows.eventMetadataColumn("checkout_events")) FROM checkout_events
                WHERE checkout_id = $1 ORDER BY seq
                """, [id.rawValue]) { try Rows.event($0, withMetadata: true) }
        }
    }

    /// See `PaymentStore.events(after:limit:filter:)`. A page of the log: see `eventLockClass`.
    public func events(after: Int64, limit: Int, filter: EventLogFilter) async throws -> [CheckoutEvent] {
        try await onConnection { db in
            try Self.withSettledEvents(db) {
                try db.query("""
                    SELECT \(Rows.eventColumns), \(Rows.eventMetadataColumn("checkout_events")) FROM checkout_events
                    WHERE seq > $1 AND kind IN \(Rows.publishedKinds)
                        AND ($2::text IS NULL OR checkout_id = $2::text)
                        AND ($3::text IS NULL OR checkout_id IN (SELECT id FROM checkouts WHERE order_reference = $3::text))
                        AND ($4::text IS NULL OR kind = $4::text) AND ($5::text IS NULL OR new_status = $5::text)
                        AND ($7::text IS NULL OR notice_type = $7::text)
                    ORDER BY seq LIMIT $6
                    """,
                    [after, filter.checkoutID?.rawValue, filter.orderReference, filter.kind?.rawValue, filter.newStatus?.rawValue,
                     limit, filter.noticeType]) {
                    try Rows.event($0, withMetadata: true)
                }
            }
        }
    }
}
