import JSON
import Payments

/// Keys the service keeps in `Checkout.providerData` beside the adapter's own.
enum ServiceData {
    static let shopSuccessURL = "kassa.shop_return.success"
    static let shopFailureURL = "kassa.shop_return.failure"
    static let shopCancelURL = "kassa.shop_return.cancel"
    /// The next action as one JSON text (`NextAction.json`): any provider's kind, unchanged.
    static let nextActionKey = "kassa.next_action"
    /// A provider's page for the buyer, served at `/pay/{id}` (`NextAction.hostedPage`).
    static let hostedPage = "kassa.hosted_page"
    static let prefix = "kassa."

    static func shopURLs(_ urls: CheckoutRequest.ShopReturnURLs) -> [String: String] {
        [shopSuccessURL: urls.success, shopFailureURL: urls.failure, shopCancelURL: urls.cancel]
    }

    static func nextAction(_ action: NextAction) -> [String: String] {
        [nextActionKey: action.json.serializedString(sortedKeys: false)]
    }

    /// The stored next action; nil when none was stored or it does not read back.
    static func nextAction(in data: [String: String]) -> NextAction? {
        guard let text = data[nextActionKey], let value = try? JSONValue.parse(Array(text.utf8)) else { return nil }
        return NextAction(json: value)
    }
}

/// The API's JSON shapes of the domain types.
enum Representation {
    static func money(_ minor: Int64) -> JSONValue { .number(JSONNumber(minor)) }

    /// A checkout: the 201 body of `POST /v1/checkouts` and the body of every operation.
    static func checkout(_ c: Checkout, history: [CheckoutEvent]? = nil, refunds: [Operation]? = nil) -> JSONValue {
        var object: JSONObject = [
            "id": .string(c.id.rawValue), "order_reference": .string(c.orderReference),
            "provider": .string(c.provider.rawValue), "method": c.method.map(JSONValue.string) ?? .null,
            "status": .string(c.status.rawValue), "provider_status": c.providerStatus.map(JSONValue.string) ?? .null,
            "provider_reference": c.providerReference.map(JSONValue.string) ?? .null,
            "amount": money(c.amount.minorUnits), "currency": .string(c.amount.currency.code),
            "refunded_amount": money(c.refundedMinorUnits),
            "next_action": nextAction(c), "needs_sync": .bool(c.needsSync),
            "capture_method": c.captureMethod.map { .string($0.rawValue) } ?? .null,
            "metadata": metadata(c.metadata),
            "provider_data": .object(JSONObject(c.providerData.sorted { $0.key < $1.key }
                .filter { !$0.key.hasPrefix(ServiceData.prefix) }.map { ($0.key, JSONValue.string($0.value)) })),
            "created_at": .string(Timestamp.rfc3339(c.createdAt)), "updated_at": .string(Timestamp.rfc3339(c.updatedAt)),
        ]
        if let refunds { object["refunds"] = .array(refunds.map { refund($0) }) }
        if let history { object["history"] = .array(history.map(event)) }
        return .object(object)
    }

    /// What the buyer must do next, while the checkout waits for them (`created`, `pending`):
    /// the provider's action as it gave it.
    static func nextAction(_ c: Checkout) -> JSONValue {
        guard c.status == .created || c.status == .pending, let action = ServiceData.nextAction(in: c.providerData) else { return .null }
        return action.json
    }

    /// The shop's metadata as a JSON object, keys sorted so that answers are stable.
    static func metadata(_ m: [String: String]) -> JSONValue {
        .object(JSONObject(m.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
    }

    /// A refund (`re_…`): the answer of `POST /v1/checkouts/{id}/refunds` (with the checkout
    /// afterwards) and an entry of a checkout's `refunds`.
    static func refund(_ r: Operation, checkout: JSONValue? = nil) -> JSONValue {
        var object: JSONObject = [
            "id": .string(r.id.rawValue), "object": "refund", "checkout_id": .string(r.checkoutID.rawValue),
            "amount": r.amount.map { money($0.minorUnits) } ?? .null, "currency": r.amount.map { .string($0.currency.code) } ?? .null,
            "reason": r.reason.map(JSONValue.string) ?? .null, "status": .string(r.status.rawValue),
            "provider_reference": r.providerReference.map(JSONValue.string) ?? .null,
            "created_at": .string(Timestamp.rfc3339(r.createdAt)),
        ]
        if let checkout { object["checkout"] = checkout }
        return .object(object)
    }

    /// One event of the log or of a checkout's history.
    static func event(_ e: CheckoutEvent) -> JSONValue {
        .object([
            "id": .string(e.id.rawValue), "sequence": .number(JSONNumber(e.sequence)),
            "checkout_id": .string(e.checkoutID.rawValue), "type": .string(e.kind.rawValue),
            "source": .string(e.source.rawValue), "old_status": e.oldStatus.map { .string($0.rawValue) } ?? .null,
            "status": .string(e.newStatus.rawValue), "provider_status": e.providerStatus.map(JSONValue.string) ?? .null,
            "refunded_amount": money(e.refundedMinorUnits), "detail": e.detail.map(JSONValue.string) ?? .null,
            "occurred_at": .string(Timestamp.rfc3339(e.occurredAt)), "metadata": metadata(e.metadata),
            "event_type": .string(EventType.name(of: e)), "notice": notice(e),
        ])
    }

    /// A notice event's provider news (`type`, `detail` as the provider reported it); null for
    /// every other kind.
    static func notice(_ e: CheckoutEvent) -> JSONValue {
        guard e.kind == .notice, let type = e.noticeType else { return .null }
        let detail = e.detail.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .object([:])
        return .object(["type": .string(type), "detail": detail])
    }

    /// An order with every attempt.
    static func order(_ o: Order) -> JSONValue {
        .object([
            "reference": .string(o.reference), "status": .string(o.aggregateStatus.rawValue),
            "paid_checkout_id": o.paidAttempt.map { .string($0.id.rawValue) } ?? .null,
            "created_at": .string(Timestamp.rfc3339(o.createdAt)),
            "attempts": .array(o.attempts.map { checkout($0) }),
        ])
    }
}
