import FoundationEssentials
import Payments

// The operator page's reads (`AdminQueries`). Every list has a LIMIT and every count is taken
// over a sub-select with a LIMIT one above its cap, so a page's cost does not grow with the
// database; every value is bound.
extension SQLiteStore: AdminQueries {
    /// Counts stop here (`1000+`).
    static let adminCountCap = 1000

    /// See `AdminQueries.adminOverview(since:stuckBefore:limit:)`.
    public func adminOverview(since: Date, stuckBefore: Date, limit: Int) async throws -> AdminOverview {
        try await onReader { db in
            // `provider` and `status` are written by Kassa from fixed sets, so the groups are few.
            // The window's range on the creation index, not a walk of every checkout in
            // provider order (which the planner prefers to spare the grouping's sort).
            let recent = try db.query("""
                SELECT provider, status, count(*) FROM checkouts INDEXED BY checkouts_by_created WHERE created_at >= ?
                GROUP BY provider, status ORDER BY provider, status LIMIT 500
                """, [since.unixMilliseconds]) { row in
                AdminOverview.Tally(provider: ProviderID(row.text(0)), status: Checkout.Status(rawValue: row.text(1)) ?? .created,
                                    count: row.int(2))
            }
            let needsSync = "FROM checkouts WHERE needs_sync = 1"
            let stuck = "FROM checkouts WHERE status IN ('created', 'pending') AND needs_sync = 0 AND updated_at < ?1"
            let backlog = "FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL"
            let dead = "FROM outbox WHERE abandoned_at IS NOT NULL AND delivered_at IS NULL"
            // `!= 'verified'` lets the partial index of unverified rows (which are pruned) serve.
            let rejected = "FROM webhook_inbox WHERE verification != 'verified' AND verification = 'rejected' AND received_at >= ?1"
            return AdminOverview(
                recent: recent,
                needsSync: try Self.boundedCount(db, needsSync),
                needsSyncCheckouts: try db.query("SELECT \(Rows.checkoutColumns) \(needsSync) ORDER BY updated_at LIMIT ?1",
                                                 [limit], Rows.checkout),
                stuck: try Self.boundedCount(db, stuck, [stuckBefore.unixMilliseconds]),
                stuckCheckouts: try db.query("SELECT \(Rows.checkoutColumns) \(stuck) ORDER BY updated_at LIMIT ?2",
                                             [stuckBefore.unixMilliseconds, limit], Rows.checkout),
                outboxBacklog: try Self.boundedCount(db, backlog),
                oldestBacklogQueuedAt: try db.queryFirst("SELECT min(created_at) FROM (SELECT created_at \(backlog) ORDER BY id LIMIT 1)") {
                    $0.optionalInt64(0).map { Date(unixMilliseconds: $0) }
                } ?? nil,
                deadEvents: try Self.boundedCount(db, dead),
                deadEventList: try Self.deliveries(db, where: "o.abandoned_at IS NOT NULL AND o.delivered_at IS NULL",
                                                   order: "o.abandoned_at DESC", [], limit: limit),
                rejectedNotifications: try Self.boundedCount(db, rejected, [since.unixMilliseconds]),
                rejectedNotificationList: try db.query("""
                    SELECT \(Self.inboxColumns) FROM webhook_inbox WHERE verification != 'verified' AND verification = 'rejected'
                    ORDER BY id DESC LIMIT ?
                    """, [limit], Self.inboxEntry))
        }
    }

    /// How many of the newest checkouts a search looks through for a provider id kept in
    /// `provider_data` (no index holds those values).
    static let adminProviderDataScan = 10_000

    /// See `AdminQueries.adminSearch(_:limit:)`. Three indexed lookups: the primary key, the
    /// order index, and the provider-reference index once per provider that has checkouts.
    /// Without a hit, the other ids the adapters keep (`PCI_…`, a SmartPay
    /// `reconciliationReferenceId`…) are matched among the newest `adminProviderDataScan` checkouts.
    public func adminSearch(_ term: String, limit: Int) async throws -> [Checkout] {
        try await onReader { db in
            let providers = try db.query("SELECT DISTINCT provider FROM checkouts LIMIT 100") { $0.text(0) }
            let placeholders = providers.indices.map { "?\($0 + 3)" }.joined(separator: ", ")
            let byReference = providers.isEmpty ? "" : " OR (provider IN (\(placeholders)) AND provider_reference = ?1)"
            let found = try db.query("""
                SELECT \(Rows.checkoutColumns) FROM checkouts
                WHERE id = ?1 OR order_reference = ?1\(byReference)
                ORDER BY created_at DESC, rowid DESC LIMIT ?2
                """, [term, limit] + providers, Rows.checkout)
            guard found.isEmpty else { return found }
            return try db.query("""
                SELECT \(Rows.checkoutColumns) FROM (
                    SELECT * FROM checkouts ORDER BY created_at DESC, rowid DESC LIMIT ?3) AS recent
                WHERE EXISTS (SELECT 1 FROM json_each(recent.provider_data) WHERE json_each.value = ?1)
                LIMIT ?2
                """, [term, limit, Self.adminProviderDataScan], Rows.checkout)
        }
    }

    /// See `AdminQueries.adminTimeline(of:limit:)`.
    public func adminTimeline(of id: CheckoutID, limit: Int) async throws -> [CheckoutEvent] {
        try await onReader { db in
            try db.query("SELECT \(Rows.eventColumns) FROM checkout_events WHERE checkout_id = ? ORDER BY seq LIMIT ?",
                         [id.rawValue, limit]) { try Rows.event($0) }
        }
    }

    /// How many of the newest inbox rows an order page looks through (no index holds the
    /// lookup key, and verified rows are kept).
    static let adminInboxScan: Int64 = 50_000

    /// See `AdminQueries.adminInbox(of:limit:)`. The route keeps the intake's lookup key in
    /// the stored headers (`x-kassa-lookup`); the newest `adminInboxScan` rows are searched,
    /// a range of the row id.
    public func adminInbox(of checkout: Checkout, limit: Int) async throws -> [AdminInboxEntry] {
        try await onReader { db in
            var lookups = ["checkout:" + checkout.id.rawValue]
            if let reference = checkout.providerReference { lookups.append("reference:" + reference) }
            lookups += try db.query("""
                SELECT provider_reference FROM operations WHERE checkout_id = ? AND provider_reference IS NOT NULL LIMIT 50
                """, [checkout.id.rawValue]) { "operation:" + $0.text(0) }
            let placeholders = lookups.indices.map { "?\($0 + 3)" }.joined(separator: ", ")
            return try db.query("""
                SELECT \(Self.inboxColumns) FROM webhook_inbox
                WHERE id > (SELECT COALESCE(max(id), 0) FROM webhook_inbox) - \(Self.adminInboxScan)
                    AND provider = ?1 AND json_extract(headers, '$."x-kassa-lookup"') IN (\(placeholders))
                ORDER BY id DESC LIMIT ?2
                """, [checkout.provider.rawValue, limit] + lookups, Self.inboxEntry)
        }
    }

    /// See `AdminQueries.adminDeliveries(of:limit:)`.
    public func adminDeliveries(of id: CheckoutID, limit: Int) async throws -> [AdminEventDelivery] {
        try await onReader { db in
            try Self.deliveries(db, where: "e.checkout_id = ?1 AND e.kind IN ('created', 'transition', 'duplicate_payment')",
                                order: "e.seq", [id.rawValue], limit: limit)
        }
    }

    private static let inboxColumns = """
        id, provider, received_at, verification, json_extract(headers, '$."x-kassa-lookup"'), result, processed_at,
        COALESCE(body_size, length(body)), substr(body, 1, 400)
        """

    private static func inboxEntry(_ row: Row) -> AdminInboxEntry {
        AdminInboxEntry(id: row.int64(0), provider: ProviderID(row.text(1)), receivedAt: Date(unixMilliseconds: row.int64(2)),
                        verification: row.text(3), lookup: row.optionalText(4), result: row.optionalText(5),
                        processedAt: row.optionalInt64(6).map { Date(unixMilliseconds: $0) }, receivedBytes: row.int(7),
                        excerpt: String(decoding: row.blob(8), as: UTF8.self))
    }

    /// Published events with their outbox row (if any); `?1` onwards are `values`.
    private static func deliveries(_ db: Connection, where condition: String, order: String, _ values: [any SQLiteBindable],
                                   limit: Int) throws -> [AdminEventDelivery] {
        try db.query("""
            SELECT e.id, e.checkout_id, e.kind, e.new_status, e.occurred_at, o.id, o.attempts, o.last_error,
                o.delivered_at, o.abandoned_at, o.next_attempt_at
            FROM checkout_events e LEFT JOIN outbox o ON o.event_seq = e.seq
            WHERE \(condition) ORDER BY \(order) LIMIT ?\(values.count + 1)
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
    private static func boundedCount(_ db: Connection, _ from: String, _ values: [any SQLiteBindable] = []) throws -> BoundedCount {
        let cap = adminCountCap
        let count = try db.queryFirst("SELECT count(*) FROM (SELECT 1 \(from) LIMIT \(cap + 1))", values) { $0.int(0) } ?? 0
        return BoundedCount(value: min(count, cap), isCapped: count > cap)
    }
}
