import JSON
import Payments

/// SmartPay's status and modification answer (seed 001 "Get Payment Transaction Status",
/// PROVIDERS.md B "Status and modification response"): `{transactionId,
/// reconciliationReferenceId, description, paymentStatus, creationDate, lastStatusDate,
/// transactionOverview{transactionId, paymentMethod, customerAccountId, amount, currencyCode},
/// modifications[]}`. Read without trusting it: every id is bounded, every amount parsed as
/// text into minor units.
struct PaymentStatusResponse: Sendable {
    /// One entry of `modifications[]`.
    struct Modification: Sendable, Equatable {
        /// `CAPTURE`, `CANCELLATION`, `CHARGEBACK`, `SETTLEMENT`, `REFUND` (PROVIDERS.md B).
        var type: String
        /// Its id (`modificationId`), when given.
        var id: String?
        /// Its amount in the payment's currency; nil when it names none (the whole payment).
        var amount: Money?
        /// Its own status, when given.
        var status: String?
        /// A reason code or text (chargebacks), when given.
        var reason: String?

        /// A modification SmartPay says did not happen (a refused refund) does not count.
        var hasFailed: Bool {
            guard let status = status?.uppercased() else { return false }
            return ["FAILED", "DECLINED", "REFUSED", "REJECTED", "ERROR", "CANCELLED"].contains(status)
        }
    }

    let transactionID: String?
    let paymentStatus: String
    let reconciliationReferenceID: String?
    let creationDate: String?
    let lastStatusDate: String?
    /// `transactionOverview.amount` in `currencyCode`, when both read exactly.
    let amount: Money?
    let modifications: [Modification]
    /// The answer as received, masked and bounded, for support staff (seed 001: "log/store …
    /// the full response for later analysis").
    let rawAnswer: String

    /// The longest raw answer kept with the checkout.
    static let maxRawAnswerLength = 4096

    /// Parses `body`; `currency` is the checkout's, for amounts without their own.
    init(body: [UInt8], currency: Currency) throws(ProviderError) {
        guard let root = try? JSONValue.parse(body), root.objectValue != nil else {
            throw .invalidResponse("smartpay answered a status that is not a JSON object")
        }
        guard let status = root["paymentStatus"]?.stringValue, Self.isPlain(status) else {
            throw .invalidResponse("smartpay answered without a readable paymentStatus")
        }
        paymentStatus = status
        let overview = root["transactionOverview"]
        transactionID = (root["transactionId"]?.stringValue ?? overview?["transactionId"]?.stringValue).flatMap(Self.plain)
        reconciliationReferenceID = root["reconciliationReferenceId"]?.stringValue.flatMap(Self.plain)
        creationDate = root["creationDate"]?.stringValue.flatMap(Self.plain)
        lastStatusDate = root["lastStatusDate"]?.stringValue.flatMap(Self.plain)
        let overviewCurrency = overview?["currencyCode"]?.stringValue.flatMap { Currency(code: $0) } ?? currency
        amount = overview?["amount"].flatMap { Self.money($0, overviewCurrency) }
        modifications = (root["modifications"]?.arrayValue ?? []).prefix(256).compactMap { Self.modification($0, currency: overviewCurrency) }
        // Masked member by member (still JSON): card-length digit runs, verification codes.
        let masked = CardDataMasking.body(body, contentType: "application/json")
        rawAnswer = String(String(decoding: masked, as: UTF8.self).prefix(Self.maxRawAnswerLength))
    }

    // An entry is `{type, …}` or `{modificationData: {type, …}}` (PROVIDERS.md B names
    // `modificationData.type`); the amount is `amount` or `modifiedAmount.amount` in either.
    private static func modification(_ entry: JSONValue, currency: Currency) -> Modification? {
        let data = entry["modificationData"] ?? entry
        guard let type = (data["type"]?.stringValue ?? entry["type"]?.stringValue ?? entry["modificationType"]?.stringValue)?.uppercased(),
              isPlain(type) else { return nil }
        let amountValue = data["amount"] ?? data["modifiedAmount"]?["amount"] ?? entry["amount"] ?? entry["modifiedAmount"]?["amount"]
        let entryCurrency = (data["currencyCode"] ?? data["modifiedAmount"]?["currencyCode"] ?? entry["currencyCode"]
                             ?? entry["modifiedAmount"]?["currencyCode"])?.stringValue.flatMap { Currency(code: $0) } ?? currency
        let id = (entry["modificationId"] ?? data["modificationId"] ?? entry["id"] ?? data["id"])?.stringValue.flatMap(plain)
        let status = (data["status"] ?? entry["status"] ?? entry["modificationStatus"])?.stringValue.flatMap(plain)
        let reason = (data["reason"] ?? entry["reason"] ?? data["reasonCode"] ?? entry["reasonCode"])?.stringValue.flatMap(plain)
        return Modification(type: type, id: id, amount: amountValue.flatMap { money($0, entryCurrency) }, status: status, reason: reason)
    }

    /// A JSON number (or numeric string) read exactly as minor units.
    static func money(_ value: JSONValue, _ currency: Currency) -> Money? {
        let text = value.numberValue?.literal ?? value.stringValue
        return text.flatMap { Money(decimal: $0, currency: currency) }
    }

    /// At most 128 printable ASCII characters: ids and dates land in logs and rows.
    static func isPlain(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    static func plain(_ text: String) -> String? { isPlain(text) ? text : nil }
}
