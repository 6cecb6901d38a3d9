import FoundationEssentials
import JSON

/// One webhook (PROVIDERS.md B, "Webhook"): `{id, merchantKey, createdAt, context, data,
/// origin: api|widget|automated, eventType: "updated", objectId, objectType:
/// payment|refund|prepayment, metadata}`. It names the object, it carries no status: SmartPay
/// signs nothing, so the receiver reads the payment with Get Payment Status.
/// `context` and `data` are not described in the docs found; here `data` is
/// `{"transactionId"}` (a refund's `objectId` is the refund's own id) and `context` is
/// `{"partnerReference"}` when the checkout had one.
struct SmartPayWebhookEvent: Sendable, Equatable {
    /// What the webhook is about.
    enum ObjectType: String, Sendable {
        case payment, refund
    }

    /// What caused it.
    enum Origin: String, Sendable {
        /// A merchant's API call (capture, cancel, refund).
        case api
        /// The buyer in the widget.
        case widget
        /// SmartPay itself (a pending payment resolved, settlement, chargeback).
        case automated
    }

    let id: String
    let merchantKey: String
    let created: Date
    let origin: Origin
    let objectID: String
    let objectType: ObjectType
    let transactionID: String
    let partnerReference: String?

    /// A new webhook with a fresh id.
    init(merchantKey: String, created: Date, origin: Origin, objectID: String, objectType: ObjectType,
         transactionID: String, partnerReference: String?) {
        id = SmartPayFormat.guid()
        self.merchantKey = merchantKey
        self.created = created
        self.origin = origin
        self.objectID = objectID
        self.objectType = objectType
        self.transactionID = transactionID
        self.partnerReference = partnerReference
    }

    /// The JSON body.
    var body: [UInt8] {
        var context = JSONObject()
        if let partnerReference { context["partnerReference"] = .string(partnerReference) }
        let value: JSONValue = .object([
            "id": .string(id),
            "merchantKey": .string(merchantKey),
            "createdAt": .string(SmartPayFormat.timestamp(created)),
            "context": .object(context),
            "data": ["transactionId": .string(transactionID)],
            "origin": .string(origin.rawValue),
            "eventType": "updated",
            "objectId": .string(objectID),
            "objectType": .string(objectType.rawValue),
            "metadata": .object(JSONObject()),
        ])
        return value.serialized()
    }
}
