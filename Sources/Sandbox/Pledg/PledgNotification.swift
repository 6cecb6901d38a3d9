import Crypto
import FoundationEssentials
import JSON

/// One notification Pledg sends to the merchant (seed 003): its URL, body, and whether a
/// failed delivery is retried.
struct PledgNotification: Sendable, Equatable {
    let url: String
    let body: [UInt8]
    /// Payment notifications are retried; the split purchase end is "provided only for
    /// information, without any error managment or retry" (seed 003).
    let isRetried: Bool

    /// Back mode, "Standard notification": the transaction, signed with the account's secret.
    static func standard(_ purchase: Purchase, url: String, transactionID: String, status: String, error: String,
                         at date: Date) -> PledgNotification {
        let signed: [(String, String)] = [
            ("created_at", PledgTimestamp.transaction(date)), ("error", error), ("id", transactionID),
            ("reference", purchase.settings.reference), ("sandbox", "true"), ("status", status),
        ]
        let body: JSONObject = [
            "created_at": .string(signed[0].1),
            "id": .string(transactionID),
            "additional_data": .object([:]),
            "metadata": purchase.settings.metadata,
            "status": .string(status),
            "sandbox": "true",
            "error": .string(error),
            "reference": .string(purchase.settings.reference),
            "signature": .string(standardSignature(signed, secret: purchase.account.secret)),
        ]
        return PledgNotification(url: url, body: JSONValue.object(body).serialized(), isRetried: true)
    }

    /// Seed 003, "Signature of the result": the pairs sorted by key, written `key=value`,
    /// joined with the secret between two pairs, SHA-256, upper-case hex (a plain hash, not an
    /// HMAC: PROVIDERS.md D checked it against the seed's example).
    static func standardSignature(_ pairs: [(String, String)], secret: String) -> String {
        let text = pairs.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: secret)
        return SHA256.hexDigest(text, uppercase: true)
    }

    /// Transfer mode: `{reference, created, transfer_order_item_uid, merchant_uid,
    /// purchase_uid, amount_cents}`, as `{"signature": <HS256 JWT>}` when the account has a
    /// secret (seed 003: "If there is a secret … it will be used to sign the notification
    /// body with jwt"), the plain object otherwise.
    static func transfer(_ purchase: Purchase, url: String, at date: Date) -> PledgNotification {
        let payload: JSONValue = .object([
            "reference": .string(purchase.settings.reference),
            "created": .string(PledgTimestamp.transfer(date)),
            "transfer_order_item_uid": .string("tri_" + RandomIdentifier.make(20, from: RandomIdentifier.lowerAlphanumeric)),
            "merchant_uid": .string(purchase.account.merchantUID),
            "purchase_uid": .string(purchase.uid),
            "amount_cents": .number(JSONNumber(purchase.settings.amountCents)),
        ])
        let secret = purchase.account.secret
        let body: JSONValue = secret.isEmpty
            ? payload
            : .object(["signature": .string(JWT.signHS256(payload: payload.serialized(), secret: Array(secret.utf8)))])
        return PledgNotification(url: url, body: body.serialized(), isRetried: true)
    }

    /// Front mode: the virtual card, unsigned (seed 003's example, field for field).
    static func virtualCard(_ purchase: Purchase, _ card: VirtualCard, url: String, at date: Date) -> PledgNotification {
        let amount = purchase.settings.amountCents
        let day = CalendarDay(date).dayFirst
        let body: JSONValue = .object([
            "cvc": .string(card.cvc),
            "currency": .string(purchase.settings.currency),
            "expiration_date": .string(card.expirationDate),
            "currency_symbol": .string(currencySymbol(purchase.settings.currency)),
            "uid": .string(card.uid),
            // Seed 003: "5132180289753097669", the card number and three digits (random here:
            // nothing of the CVC may show through).
            "vcp_reference": .string(card.number + RandomIdentifier.make(3, from: RandomIdentifier.digits)),
            "account": ["uid": .string("acc_" + UUID().uuidString.lowercased())],
            "updated": .string(day),
            "created": .string(day),
            "card_number": .string(card.number),
            "purchase": ["uid": .string(purchase.uid), "reference": .string(purchase.settings.reference)],
            "merchant_uid": .string(purchase.account.merchantUID),
            // Seed 003: `"amount": 79.0` beside `"amount_cents": 7900`.
            "amount": .number(JSONNumber(literal: "\(amount / 100).\(CalendarDay.pad(amount % 100, 2))")!),
            "amount_cents": .number(JSONNumber(amount)),
        ])
        return PledgNotification(url: url, body: body.serialized(), isRetried: true)
    }

    /// Seed 003, "Split purchase end notification": `{reference, uid}`, unsigned, not retried.
    static func purchaseEnd(_ purchase: Purchase, url: String) -> PledgNotification {
        let body: JSONValue = .object(["reference": .string(purchase.settings.reference), "uid": .string(purchase.uid)])
        return PledgNotification(url: url, body: body.serialized(), isRetried: false)
    }

    static func currencySymbol(_ currency: String) -> String {
        switch currency {
        case "EUR": "€"
        case "GBP": "£"
        case "CZK": "Kč"
        case "NZD": "$"
        default: currency
        }
    }
}

/// The timestamps of seed 003's notifications, in UTC.
enum PledgTimestamp {
    /// `2019-04-04T12:20:34.971380Z` (the standard notification's `created_at`).
    static func transaction(_ date: Date) -> String {
        let (day, time) = split(date)
        return "\(day)T\(time)Z"
    }

    /// `2020-09-17 15:00:02.052177` (the transfer notification's `created`).
    static func transfer(_ date: Date) -> String {
        let (day, time) = split(date)
        return "\(day) \(time)"
    }

    private static func split(_ date: Date) -> (CalendarDay, String) {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        let seconds = Int(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        let fraction = Int(micros - Int64(seconds) * 1_000_000)
        let day = CalendarDay(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let second = seconds - day.daysSinceEpoch * 86_400
        let pad = CalendarDay.pad
        return (day, "\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2)).\(pad(fraction, 6))")
    }
}
