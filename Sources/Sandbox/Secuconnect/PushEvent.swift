import FoundationEssentials
import JSON

/// One push notification about a payment transaction (PROVIDERS.md A, "Push notifications"):
/// `{"object":"event.pushes","id":"evt_…","created":…,"target":"payment.transactions",
/// "type":"changed","data":[{"object":"payment.transactions","id":"PCI_…"}]}`.
/// The body only names the object: the receiver must read it with a GET (the docs say so).
struct PushEvent: Sendable, Equatable {
    let id: String
    let created: Date
    let paymentID: String

    /// A new event about `paymentID`.
    init(paymentID: String, created: Date) {
        // The id format after `evt_` is not documented; 24 lower-case alphanumerics.
        id = "evt_" + RandomIdentifier.make(24, from: RandomIdentifier.lowerAlphanumeric)
        self.created = created
        self.paymentID = paymentID
    }

    /// The JSON body.
    var body: [UInt8] {
        let value: JSONValue = .object([
            "object": "event.pushes",
            "id": .string(id),
            "created": .string(Timestamp.iso8601(created)),
            "target": "payment.transactions",
            "type": "changed",
            "data": [["object": "payment.transactions", "id": .string(paymentID)]],
        ])
        return value.serialized()
    }
}
