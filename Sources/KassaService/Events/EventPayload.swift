import FoundationEssentials
import JSON
import Payments

/// The JSON body POSTed to the shop for one event.
///
/// It carries the transition that caused the event (`data.transition`) *and* the checkout as
/// it is when the body is built (`data.checkout`): a late delivery never presents a stale
/// status as current. The order reference, amount, currency and metadata are in the checkout.
enum EventPayload {
    /// The body for `event`, with `checkout` read at delivery time, and `attachment` (data
    /// handed out once and never stored, e.g. Pledg's virtual card) under `data.{key}`.
    static func body(_ event: CheckoutEvent, checkout: Checkout, attachment: (key: String, value: JSONValue)? = nil) -> [UInt8] {
        let transition: JSONValue = .object([
            "old_status": event.oldStatus.map { .string($0.rawValue) } ?? .null,
            "status": .string(event.newStatus.rawValue),
            "source": .string(event.source.rawValue),
            "provider_status": event.providerStatus.map(JSONValue.string) ?? .null,
            "refunded_amount": .number(JSONNumber(event.refundedMinorUnits)),
            "detail": event.detail.map(JSONValue.string) ?? .null,
            "occurred_at": .string(Timestamp.rfc3339(event.occurredAt)),
        ])
        var data: JSONObject = ["transition": transition, "checkout": Representation.checkout(checkout),
                                "notice": Representation.notice(event)]
        if let attachment { data[attachment.key] = attachment.value }
        let body: JSONValue = .object([
            "id": .string(event.id.rawValue), "object": "event", "type": .string(EventType.name(of: event)),
            "sequence": .number(JSONNumber(event.sequence)),
            "created": .number(JSONNumber(Int64((event.occurredAt.timeIntervalSince1970).rounded(.down)))),
            "data": .object(data),
        ])
        return Array(body.serializedString(sortedKeys: true).utf8)
    }
}
