import JSON
import Payments

extension SecuconnectProvider {
    /// The Payment Transaction ids (`PCI_…`) a push names (PROVIDERS.md A, "Push
    /// notifications": `{"object":"event.pushes","id":"evt_…","target":"payment.transactions",
    /// "type":"changed"|"added","data":[{"object":…,"id":"PCI_…"}]}`), in order, without
    /// repeats; empty for anything else. Pushes are unsigned, so this is only a hint: the
    /// service stores the body, answers 200, and re-reads each object with `fetchStatus`.
    public static func paymentTransactionIDs(inPush body: [UInt8]) -> [String] {
        guard let push = try? JSONValue.parse(body),
              push["object"]?.stringValue == "event.pushes",
              push["target"]?.stringValue == "payment.transactions",
              let data = push["data"]?.arrayValue else { return [] }
        var ids: [String] = []
        for item in data {
            guard let id = item["id"]?.stringValue, isPlainID(id, prefix: "PCI_"), !ids.contains(id) else { continue }
            ids.append(id)
        }
        return ids
    }

    // An id is only ever looked up, but it also lands in logs and URLs: prefix plus at most 64
    // upper-case letters and digits, nothing else.
    static func isPlainID(_ id: String, prefix: String) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let rest = id.utf8.dropFirst(prefix.utf8.count)
        return (1...64).contains(rest.count) && rest.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }
}

/// Secuconnect's notification intake: pushes are unsigned (PROVIDERS.md A), so every one is
/// only a hint to re-read the checkout named by the `?checkout=` of the push URL Kassa gave
/// (`payment_context.merchant_push_url`). The body is kept masked, without request headers.
public struct SecuconnectNotificationIntake: NotificationIntake {
    /// Longer `checkout` values cannot be Kassa's ids and are not kept.
    static let maxCheckoutParameterLength = 64

    /// The intake.
    public init() {}

    public func receive(_ notification: ReceivedNotification) -> NotificationIntakeResult {
        var lookup: NotificationLookup?
        if let checkout = notification.query["checkout"], (1...Self.maxCheckoutParameterLength).contains(checkout.utf8.count) {
            lookup = .checkoutID(CheckoutID(checkout))
        }
        return .unsignedHint(body: notification.body, contentType: notification.header("Content-Type"), lookup: lookup)
    }
}
