import Crypto
import JSON
import Payments
import Synchronization

/// SmartPay's webhook (PROVIDERS.md B, "Webhook"): `{id, merchantKey, createdAt, context,
/// data, origin, eventType, objectId, objectType: payment|refund|prepayment, metadata}`,
/// authenticated by Basic credentials agreed with JPMMPS; SmartPay signs nothing. So a
/// notification with the right credentials is only a hint: Kassa re-reads the payment from
/// the API and the body's content never changes state by itself. Wrong or missing
/// credentials: rejected (401, stored capped, never acted upon).
///
/// The same notification `id` is acted upon once: a repeat is stored and answered 200 but
/// names no checkout. The ids are remembered in memory, at most `maxRememberedIDs` of them
/// (oldest forgotten first): after a restart a repeat costs one more re-read, which changes
/// nothing (an unchanged status is recorded as a duplicate).
public struct SmartPayNotificationIntake: NotificationIntake {
    /// Ids remembered for the repeat check.
    public static let maxRememberedIDs = 10_000
    private let expectedAuthorization: [UInt8]
    private let merchantKey: String
    private let seen: SeenIDs

    /// An intake accepting `Authorization: Basic base64(username:password)` for `merchantKey`.
    /// Empty credentials accept nothing.
    public init(username: String, password: String, merchantKey: String) {
        expectedAuthorization = username.isEmpty || password.isEmpty ? []
            : Array(("Basic " + Base64.encode(Array("\(username):\(password)".utf8))).utf8)
        self.merchantKey = merchantKey
        seen = SeenIDs(capacity: Self.maxRememberedIDs)
    }

    public func receive(_ notification: ReceivedNotification) -> NotificationIntakeResult {
        let contentType = notification.header("Content-Type")
        let presented = Array((notification.header("Authorization") ?? "").utf8)
        // The digests are compared, in constant time: two values of one fixed length, so
        // neither the credentials' content nor their length shows in the time taken. (Hashed
        // here, not at start: libcrypto is loaded on first use.) Empty expects nothing.
        guard !expectedAuthorization.isEmpty,
              ConstantTime.equals(SHA256.hash(presented), SHA256.hash(expectedAuthorization)) else {
            let reason = presented.isEmpty ? "missing Basic credentials" : "wrong Basic credentials"
            return .rejected(reason, body: notification.body, contentType: contentType)
        }
        guard let body = try? JSONValue.parse(notification.body), body.objectValue != nil else {
            return .unsignedHint(body: notification.body, contentType: contentType, lookup: nil)
        }
        let id = body["id"]?.stringValue.flatMap(PaymentStatusResponse.plain)
        if let id, !seen.insert(id) {
            return .unsignedHint(body: notification.body, contentType: contentType,
                                 headers: [("x-kassa-duplicate-of", id)], lookup: nil)
        }
        return .unsignedHint(body: notification.body, contentType: contentType, lookup: lookup(in: body))
    }

    /// `objectId` is the payment's `transactionId` (also for a prepayment) or a refund's id
    /// (PROVIDERS.md B); another merchant's notification names nothing of Kassa's.
    private func lookup(in body: JSONValue) -> NotificationLookup? {
        if let key = body["merchantKey"]?.stringValue, key != merchantKey { return nil }
        guard let object = body["objectId"]?.stringValue.flatMap(PaymentStatusResponse.plain) else { return nil }
        switch body["objectType"]?.stringValue?.lowercased() {
        case "payment"?, "prepayment"?:
            return SmartPayProvider.isTransactionID(object) ? .providerReference(object) : nil
        case "refund"?:
            return .operationReference(object)
        default:
            return nil
        }
    }
}

/// A bounded set of notification ids, oldest forgotten first.
final class SeenIDs: Sendable {
    private struct Table {
        var members: Set<String> = []
        var order: [String] = []
        var head = 0
    }

    private let capacity: Int
    private let table = Mutex(Table())

    init(capacity: Int) { self.capacity = max(capacity, 1) }

    /// True when `id` was not in the set (it is now).
    func insert(_ id: String) -> Bool {
        table.withLock { t in
            guard t.members.insert(id).inserted else { return false }
            if t.order.count < capacity {
                t.order.append(id)
            } else {
                t.members.remove(t.order[t.head])
                t.order[t.head] = id
                t.head = (t.head + 1) % capacity
            }
            return true
        }
    }
}
