import FoundationEssentials
import Payments

// The operator page's reads (`AdminQueries`), as `SQLiteStore+Admin.swift`: every list has a
// LIMIT, every count stops one above its cap, every value is bound. One snapshot per page.
extension PostgresStore: AdminQueries {
    /// See `AdminQueries.adminOverview(since:stuckBefore:limit:)`.
    public func adminOverview(since: Date, stuckBefore: Date, limit: Int) async throws -> AdminOverview {
        try await onConnection(snapshot: true) { db in
            let recent = try db.query("""
                SELECT provider, status, count(*) FROM checkouts WHERE created_at >= $1
                GROUP BY provider, status ORDER BY provider, status LIMIT 500
                """, [since.unixMilliseconds]) { row in
                AdminOverview.Tally(provider: ProviderID(row.text(0)), status: Checkout.Status(rawValue: row.text(1)) ?? .created,
                                    count: row.int(2))
            }
            let needsSync = "FROM checkouts WHERE needs_sync = 1"
            let stuck = "FROM checkouts WHERE status IN ('created', 'pending') AND needs_sync = 0 AND updated_at < $1"
            let backlog = "FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL"
            let dead = "FROM outbox WHERE abandoned_at IS NOT NULL AND delivered_at IS NULL"
            let rejected = "FROM webhook_inbox WHERE verification != 'verified' AND verification = 'rejected' AND received_at >= $1"
            return AdminOverview(
                recent: recent,
                needsSync: try Self.boundedCount(db, needsSync),
                needsSyncCheckouts: try db.query("SELECT \(Rows.checkoutColumns) \(needsSync) ORDER BY updated_at LIMIT $1",
                                                 [limit], Rows.checkout),
                stuck: try Self.boundedCount(db, stuck, [stuckBefore.unixMilliseconds]),
                stuckCheckouts: try db.query("SELECT \(Rows.checkoutColumns) \(stuck) ORDER BY updated_at LIMIT $2",
                                             [stuckBefore.unixMilliseconds, limit], Rows.checkout),
                outboxBacklog: try Self.boundedCount(db, backlog),
                oldestBacklogQueuedAt: try db.queryFirst("SELECT min(created_at) FROM (SELECT created_at \(backlog) ORDER BY id LIMIT 1) AS first") {
                    $0.optionalInt64(0).map { Date(unixMilliseconds: $0) }
                } ?? nil,
                deadEvents: try Self.boundedCount(db, dead),
                deadEventList: try Self.deliveries(db, where: "o.abandoned_at IS NOT NULL AND o.delivered_at IS NULL",
                                                   order: "o.abandoned_at DESC", [], limit: limit),
                rejectedNotifications: try Self.boundedCount(db, rejected, [since.unixMilliseconds]),
                rejectedNotificationList: try db.query("""
                    SELECT \(Self.inboxColumns) FROM webhook_inbox WHERE verification != 'verified' AND verification = 'rejected'
                    ORDER BY id DESC LIMIT $1
                    """, [limit], Self.inboxEntry))
        }
    }

    /// See `AdminQueries.adminSearch(_:limit:)`: the primary key, the order index, the
    /// provider-reference index; without a hit, the provider data of the newest
    /// `SQLiteStore.adminProviderDataScan` checkouts.
    public func adminSearch(_ term: String, limit: Int) async throws -> [Checkout] {
        try await onConnection(snapshot: true) { db in
            // One (provider, reference) probe per provider, so the unique index serves each.
            let providers = try db.query("SELECT DISTINCT provider FROM checkouts LIMIT 100") { $0.text(0) }
            let placeholders = providers.indices.map { "$\($0 + 3)" }.joined(separator: ", ")
            let byReference = providers.isEmpty ? "" : " OR (provider IN (\(placeholders)) AND provider_reference = $1)"
            let found = try db.query("""
                SELECT \(Rows.checkoutColumns) FROM checkouts
                WHERE id = $1 OR order_reference = $1\(byReference)
                ORDER BY created_at DESC, row_order DESC LIMIT $2
                """, [term, limit] + providers, Rows.checkout)
            guard found.isEmpty else { return found }
            return try db.query("""
                SELECT \(Rows.checkoutColumns) FROM (
                    SELECT * FROM checkouts ORDER BY created_at DESC, row_order DESC LIMIT $3) AS recent
                WHERE EXISTS (SELECT 1 FROM jsonb_each_text(recent.provider_data::jsonb) AS data WHERE data.value = $1)
                LIMIT $2
                """, [term, limit, SQLiteStore.adminProviderDataScan], Rows.checkout)
        }
    }

    /// See `AdminQueries.adminTimeline(of:limit:)`.
    public func adminTimeline(of id: CheckoutID, limit: Int) async throws -> [CheckoutEvent] {
        try await onConnection { db in
            try db.query("SELECT \(Rows.eventColumns) FROM checkout_events WHERE checkout_id = $1 ORDER BY seq LIMIT $2",
                         [id.rawValue, limit]) { try Rows.event($0) }
        }
    }

    /// See `AdminQueries.adminInbox(of:limit:)`: the newest `SQLiteStore.adminInboxScan` rows
    /// are searched for the intake's lookup key (`x-kassa-lookup` in the stored headers).
    public func adminInbox(of checkout: Checkout, limit: Int) async throws -> [AdminInboxEntry] {
        try await onConnection(snapshot: true) { db in
            var lookups = ["checkout:" + checkout.id.rawValue]
            if let reference = checkout.providerReference { lookups.append("reference:" + reference) }
            lookups += try db.query("""
                SELECT provider_reference FROM operations WHERE checkout_id = $1 AND provider_reference IS NOT NULL LIMIT 50
                """, [checkout.id.rawValue]) { "operation:" + $0.text(0) }
            let placeholders = lookups.indices.map { "$\($0 + 3)" }.joined(separator: ", ")
            return try db.query("""
                SELECT \(Self.inboxColumns) FROM webhook_inbox
                WHERE id > (SELECT COALESCE(max(id), 0) FROM webhook_inbox) - \(SQLiteStore.adminInboxScan)
                    AND provider = $1 AND headers::jsonb ->> 'x-kassa-lookup' IN (\(placeholders))
                ORDER BY id DESC LIMIT $2
                """, [checkout.provider.rawValue, limit] + lookups, Self.inboxEntry)
        }
    }

    /// See `AdminQueries.adminDeliveries(of:limit:)`.
    public func adminDeliveries(of id: CheckoutID, limit: Int) async throws -> [AdminEventDelivery] {
        try await onConnection { db in
            try Self.deliveries(db, where: "e.checkout_id = $1 AND e.kind IN ('created', 'transition', 'duplicate_payment')",
                                order: "e.seq", [id.rawValue], limit: limit)
        }
    }

    private static let inboxColumns = """
        id, provider, received_at, verification, headers::jsonb ->> 'x-kassa-lookup', result, processed_at,
        COALESCE(body_size, octet_length(body)), substring(body FROM 1 FOR 400)
        """

    private static func inboxEntry(_ row: PostgresRow) -> AdminInboxEntry {
        AdminInboxEntry(id: row.int64(0), provider: ProviderID(row.text(1)), receivedAt: Date(unixMilliseconds: row.int64(2)),
                        verification: row.text(3), lookup: row.optionalText(4), result: row.optionalText(5),
                        processedAt: row.optionalInt64(6).map { Date(unixMilliseconds: $0) }, receivedBytes: row.int(7),
                        excerpt: String(decoding: row.blob(8), as: UTF8.self))
    }

    /// Published events with their outbox row (if any); `$1` onwards are `values`.
    private static func deliveries(_ db: PostgresConnection, where condition: String, order: String,
                                   _ values: [any PostgresBindable], limit: Int) throws -> [AdminEventDelivery] {
        try db.query("""
            SELECT e.id, e.checkout_id, e.kind, e.new_status, e.occurred_at, o.id, o.attempts, o.last_error,
                o.delivered_at, o.abandoned_at, o.next_attempt_at
            FROM checkout_events e LEFT JOIN outbox o ON o.event_seq = e.seq
            WHERE \(condition) ORDER BY \(order) LIMIT $\(values.count + 1)
            """, values + [limit]) { row in
            let state: AdminEventDelivery.State
            let since: Date?
            if row.isNull(5) {
                (state, since) = (.notQueued, nil)
            } else if let delivered = row.optionalInt64(8) {
                (state, since) = (.delivered, Date(unixMilliseconds: delivered))
            } else if let abandoned = row.optionalInt64(9) {
                (state, since) = (.dead, Date(unixMilliseconds: abandoned))
            } else {
                (state, since) = (.waiting, row.optionalInt64(10).map { Date(unixMilliseconds: $0) })
            }
            return AdminEventDelivery(eventID: EventID(row.text(0)), checkoutID: CheckoutID(row.text(1)),
                                      kind: CheckoutEvent.Kind(rawValue: row.text(2)) ?? .transition,
                                      newStatus: Checkout.Status(rawValue: row.text(3)) ?? .created,
                                      occurredAt: Date(unixMilliseconds: row.int64(4)), state: state,
                                      attempts: row.isNull(6) ? 0 : row.int(6), lastError: row.optionalText(7), stateSince: since)
        }
    }

    /// `count(*)` of `from` (a `FROM … WHERE …` fragment), stopping at the cap.
    private static func boundedCount(_ db: PostgresConnection, _ from: String,
                                     _ values: [any PostgresBindable] = []) throws -> BoundedCount {
        let cap = SQLiteStore.adminCountCap
        let count = try db.queryFirst("SELECT count(*) FROM (SELECT 1 \(from) LIMIT \(cap + 1)) AS capped", values) { $0.int(0) } ?? 0
        return BoundedCount(value: min(count, cap), isCapped: count > cap)
    }
}
