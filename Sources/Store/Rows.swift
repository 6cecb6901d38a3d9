import FoundationEssentials
import JSON
import Payments

/// A result row as the decoders read it: SQLite's `Row` and PostgreSQL's `PostgresRow`, so one
/// decoder per table serves both stores.
protocol StoredRow {
    func isNull(_ column: Int32) -> Bool
    func int64(_ column: Int32) -> Int64
    func int(_ column: Int32) -> Int
    func optionalInt64(_ column: Int32) -> Int64?
    func text(_ column: Int32) -> String
    func optionalText(_ column: Int32) -> String?
    func blob(_ column: Int32) -> [UInt8]
}

extension Row: StoredRow {}

// Column lists and row decoding shared by every query on `checkouts` and `checkout_events`,
// so one SELECT shape exists per table.
enum Rows {
    static let checkoutColumns = """
        id, order_reference, provider, method, amount_minor, currency, status, provider_status,
        provider_reference, provider_data, refunded_minor, needs_sync, created_at, updated_at,
        metadata, capture_method
        """

    static let eventColumns = """
        seq, id, checkout_id, kind, source, old_status, new_status, provider_status,
        refunded_minor, detail, occurred_at, notice_type
        """

    /// The published kinds as an SQL list (`CheckoutEvent.Kind.isPublished`): the shop's event log.
    static let publishedKinds = "(" + CheckoutEvent.Kind.allCases.filter(\.isPublished).map { "'\($0.rawValue)'" }
        .joined(separator: ", ") + ")"

    /// The event's checkout's metadata, as a column after `eventColumns`; `events` is the
    /// name or alias of `checkout_events` in the query. A primary-key lookup per row.
    static func eventMetadataColumn(_ events: String) -> String {
        "(SELECT metadata FROM checkouts WHERE checkouts.id = \(events).checkout_id)"
    }

    static func checkout(_ row: some StoredRow) throws -> Checkout {
        guard let currency = Currency(code: row.text(5)) else { throw corrupt("currency \(row.text(5))") }
        let captureMethod = try row.optionalText(15).map { text in
            guard let method = CaptureMethod(rawValue: text) else { throw corrupt("capture_method") }
            return method
        }
        return Checkout(
            id: CheckoutID(row.text(0)),
            orderReference: row.text(1),
            provider: ProviderID(row.text(2)),
            method: row.optionalText(3),
            amount: Money(minorUnits: row.int64(4), currency: currency),
            status: try status(row.text(6)),
            providerStatus: row.optionalText(7),
            providerReference: row.optionalText(8),
            providerData: try decodeData(row.text(9), "provider_data"),
            refundedMinorUnits: row.int64(10),
            needsSync: row.int64(11) != 0,
            metadata: try decodeData(row.text(14), "metadata"),
            captureMethod: captureMethod,
            createdAt: Date(unixMilliseconds: row.int64(12)),
            updatedAt: Date(unixMilliseconds: row.int64(13)))
    }

    /// An event from `eventColumns` at `offset`, followed by `eventMetadataColumn` when
    /// `withMetadata`.
    static func event(_ row: some StoredRow, offset: Int32 = 0, withMetadata: Bool = false) throws -> CheckoutEvent {
        let c = { (i: Int32) in i + offset }
        guard let kind = CheckoutEvent.Kind(rawValue: row.text(c(3))) else { throw corrupt("event kind") }
        guard let source = CheckoutEvent.Source(rawValue: row.text(c(4))) else { throw corrupt("event source") }
        return CheckoutEvent(
            sequence: row.int64(c(0)),
            id: EventID(row.text(c(1))),
            checkoutID: CheckoutID(row.text(c(2))),
            kind: kind,
            source: source,
            oldStatus: try row.optionalText(c(5)).map(status),
            newStatus: try status(row.text(c(6))),
            providerStatus: row.optionalText(c(7)),
            refundedMinorUnits: row.int64(c(8)),
            detail: row.optionalText(c(9)),
            occurredAt: Date(unixMilliseconds: row.int64(c(10))),
            metadata: withMetadata && !row.isNull(c(12)) ? try decodeData(row.text(c(12)), "metadata") : [:],
            noticeType: row.optionalText(c(11)))
    }

    /// Inserts an event row (and, for published kinds, its outbox row) on the writer, inside
    /// the caller's transaction, so the event and its delivery record commit together.
    static func insertEvent(_ connection: Connection, checkoutID: CheckoutID, kind: CheckoutEvent.Kind,
                            source: CheckoutEvent.Source, oldStatus: Checkout.Status?, newStatus: Checkout.Status,
                            providerStatus: String?, refundedMinorUnits: Int64, detail: String?,
                            at now: Date, metadata: [String: String] = [:], queuesDelivery: Bool,
                            noticeType: String? = nil, noticeKey: String? = nil) throws -> CheckoutEvent {
        let id = EventID.generate()
        try connection.run("""
            INSERT INTO checkout_events (id, checkout_id, kind, source, old_status, new_status,
                provider_status, refunded_minor, detail, occurred_at, notice_type, notice_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id.rawValue, checkoutID.rawValue, kind.rawValue, source.rawValue, oldStatus?.rawValue,
                  newStatus.rawValue, providerStatus, refundedMinorUnits, detail, now.unixMilliseconds, noticeType, noticeKey])
        let sequence = connection.lastInsertRowID
        if kind.isPublished && queuesDelivery {
            try connection.run("INSERT INTO outbox (event_seq, next_attempt_at, created_at) VALUES (?, ?, ?)",
                               [sequence, now.unixMilliseconds, now.unixMilliseconds])
        }
        return CheckoutEvent(sequence: sequence, id: id, checkoutID: checkoutID, kind: kind, source: source,
                             oldStatus: oldStatus, newStatus: newStatus, providerStatus: providerStatus,
                             refundedMinorUnits: refundedMinorUnits, detail: detail, occurredAt: now, metadata: metadata,
                             noticeType: noticeType)
    }

    static func encodeData(_ data: [String: String]) -> String {
        JSONValue.object(JSONObject(data.map { ($0.key, .string($0.value)) })).serializedString(sortedKeys: true)
    }

    // A flat object of strings (provider_data, metadata).
    private static func decodeData(_ text: String, _ column: String) throws -> [String: String] {
        // Most rows have no provider data; skipping the decoder for them halves an update's cost.
        if text == "{}" { return [:] }
        guard let object = (try? JSONValue.parse(Array(text.utf8)))?.objectValue else { throw corrupt(column) }
        var data: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.stringValue else { throw corrupt(column) }
            data[key] = text
        }
        return data
    }

    private static func status(_ text: String) throws -> Checkout.Status {
        guard let status = Checkout.Status(rawValue: text) else { throw corrupt("status \(text)") }
        return status
    }

    private static func corrupt(_ what: String) -> PaymentStoreError {
        .storageFailure("unreadable \(what) in the database")
    }
}
