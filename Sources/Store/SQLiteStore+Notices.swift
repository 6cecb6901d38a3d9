import FoundationEssentials
import JSON
import Payments

extension SQLiteStore {
    /// See `PaymentStore.recordNotice(_:for:source:)`.
    public func recordNotice(_ notice: ProviderNotice, for id: CheckoutID, source: CheckoutEvent.Source) async throws -> CheckoutEvent? {
        let now = configuration.now()
        let queues = configuration.queuesEventsForDelivery
        return try await onWriter { db in
            try SQLiteStore.insertNotice(db, notice, for: try SQLiteStore.currentCheckout(db, id), source: source, now: now,
                                         queuesDelivery: queues)
        }
    }

    /// A `notice` event inside the caller's transaction, or nil when the checkout has a notice
    /// with this key already (the unique index decides: a webhook and a poll reading the same
    /// chargeback record it once). The checkout's status is the event's old and new status.
    static func insertNotice(_ db: Connection, _ notice: ProviderNotice, for checkout: Checkout,
                             source: CheckoutEvent.Source, now: Date, queuesDelivery: Bool) throws -> CheckoutEvent? {
        let known = try db.queryFirst("SELECT 1 FROM checkout_events WHERE checkout_id = ? AND notice_key = ?",
                                      [checkout.id.rawValue, notice.key]) { _ in true } ?? false
        guard !known else { return nil }
        return try Rows.insertEvent(db, checkoutID: checkout.id, kind: .notice, source: source,
                                    oldStatus: checkout.status, newStatus: checkout.status, providerStatus: checkout.providerStatus,
                                    refundedMinorUnits: checkout.refundedMinorUnits, detail: Rows.encodeData(notice.detail),
                                    at: now, metadata: checkout.metadata, queuesDelivery: queuesDelivery,
                                    noticeType: notice.type, noticeKey: notice.key)
    }
}

/// How the inbox keeps what a notification said (`webhook_inbox.trusted_status`, `.notice`):
/// JSON objects of strings and integers, written and read only by the store.
enum StoredNotification {
    static func encode(_ status: ProviderStatus) -> String {
        var object: JSONObject = [
            "provider_status": .string(status.providerStatus), "status": .string(status.status.rawValue),
            "data": .object(JSONObject(status.data.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            "notices": .array(status.notices.map(json)),
        ]
        if let amount = status.amount { object["amount"] = money(amount) }
        if let refunded = status.refundedAmount { object["refunded_amount"] = money(refunded) }
        return JSONValue.object(object).serializedString(sortedKeys: true)
    }

    static func encode(_ notice: ProviderNotice) -> String { json(notice).serializedString(sortedKeys: true) }

    static func status(_ text: String) -> ProviderStatus? {
        guard let value = try? JSONValue.parse(Array(text.utf8)), let raw = value["provider_status"]?.stringValue,
              let status = value["status"]?.stringValue.flatMap(Checkout.Status.init(rawValue:)) else { return nil }
        return ProviderStatus(providerStatus: raw, status: status, amount: value["amount"].flatMap(money),
                              refundedAmount: value["refunded_amount"].flatMap(money),
                              data: strings(value["data"]), notices: value["notices"]?.arrayValue?.compactMap(notice) ?? [])
    }

    static func notice(_ text: String) -> ProviderNotice? {
        (try? JSONValue.parse(Array(text.utf8))).flatMap(notice)
    }

    private static func json(_ notice: ProviderNotice) -> JSONValue {
        .object(["type": .string(notice.type), "key": .string(notice.key),
                 "detail": .object(JSONObject(notice.detail.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])
    }

    private static func notice(_ value: JSONValue) -> ProviderNotice? {
        guard let type = value["type"]?.stringValue, let key = value["key"]?.stringValue else { return nil }
        return ProviderNotice(type: type, detail: strings(value["detail"]), key: key)
    }

    private static func money(_ amount: Money) -> JSONValue {
        .object(["minor_units": .number(JSONNumber(amount.minorUnits)), "currency": .string(amount.currency.code)])
    }

    private static func money(_ value: JSONValue) -> Money? {
        guard let minor = value["minor_units"]?.numberValue?.int64,
              let currency = value["currency"]?.stringValue.flatMap(Currency.init(code:)) else { return nil }
        return Money(minorUnits: minor, currency: currency)
    }

    private static func strings(_ value: JSONValue?) -> [String: String] {
        var result: [String: String] = [:]
        for (key, item) in value?.objectValue ?? [:] { if let text = item.stringValue { result[key] = text } }
        return result
    }
}
