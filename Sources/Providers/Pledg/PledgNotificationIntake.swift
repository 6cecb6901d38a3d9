import Crypto
import FoundationEssentials
import JSON
import Payments

/// Pledg's notifications on `POST /v1/webhooks/pledg` (seed 003), told apart by shape:
///
/// - **standard** (back mode): a ProcessOut transaction status with `signature`, the upper-case
///   SHA-256 of the signed fields joined by the secret (`PledgStandardSignature`);
/// - **transfer**: `{"signature": "<JWT>"}`, HS256 with the account's secret, whose payload
///   names `reference`, `transfer_order_item_uid` and `amount_cents` → paid when the amount is
///   the checkout's (the state machine checks `amount`; a mismatch is an integrity event);
/// - **virtual card** (front mode): the card itself, unsigned. Accepted only when its
///   `merchant_uid` is a front-mode account's and its reference and amount match the checkout
///   (the amount through the same check) → authorized; only BIN, last four and the `vcar_` uid
///   are kept (the stored body is masked by `NotificationIntakeResult`);
/// - **split purchase end** `{reference, uid}`: unsigned and "for information" → a
///   `pledg.split_purchase_ended` notice, never a state change.
///
/// Anything else, a wrong signature, a token in another algorithm, expired or malformed, is
/// rejected (401). No I/O: the route looks the checkout up and applies the status.
public struct PledgNotificationIntake: NotificationIntake {
    /// The accounts whose secrets may have signed a notification.
    public let accounts: [PledgAccount]
    /// The clock for a token's `exp` (tests move it).
    public let now: @Sendable () -> Date
    /// Where a virtual card waits for its event when the shop wants it; nil drops it.
    public let handoff: PledgVirtualCardHandoff?

    /// Longer references cannot be Kassa's checkout ids.
    static let maxReferenceLength = 64

    /// An intake for `accounts`; `handoff` when virtual cards are forwarded to the shop.
    public init(accounts: [PledgAccount], now: @escaping @Sendable () -> Date = { Date() }, handoff: PledgVirtualCardHandoff? = nil) {
        self.accounts = accounts
        self.now = now
        self.handoff = handoff
    }

    public func receive(_ notification: ReceivedNotification) -> NotificationIntakeResult {
        let contentType = notification.header("Content-Type")
        guard let body = (try? JSONValue.parse(notification.body))?.objectValue else {
            return .rejected("not a JSON object", body: notification.body, contentType: contentType)
        }
        let currency = notification.query["currency"].flatMap(Currency.init(code:))
        if body["card_number"] != nil || body["uid"]?.stringValue?.hasPrefix("vcar_") == true {
            return virtualCard(body, raw: Self.withoutCardNumber(notification.body, body), contentType: contentType)
        }
        if let token = body["signature"]?.stringValue, body["status"] == nil, body.count == 1 {
            return signedToken(token, raw: notification.body, contentType: contentType, currency: currency)
        }
        if body["signature"] != nil {
            return standard(body, raw: notification.body, contentType: contentType)
        }
        if let reference = body["reference"]?.stringValue, let uid = body["uid"]?.stringValue, body.count == 2 {
            // Seed 003, "Split purchase end notification": "provided only for information".
            let notice = ProviderNotice(type: "pledg.split_purchase_ended",
                                        detail: ["purchase_uid": Self.plainID(uid, prefix: "") ?? "unreadable"], key: "split_end:" + (Self.plainID(uid, prefix: "") ?? "unreadable"))
            return .informational(notice, body: notification.body, contentType: contentType,
                                  headers: kind("split_purchase_end"), lookup: lookup(reference))
        }
        return .rejected("not a Pledg notification: no signature", body: notification.body, contentType: contentType)
    }

    // MARK: The four kinds

    private func standard(_ body: JSONObject, raw: [UInt8], contentType: String?) -> NotificationIntakeResult {
        let candidates = accounts.filter { !$0.secret.isEmpty }
        guard candidates.contains(where: { PledgStandardSignature.isValid(body, secret: $0.secret) }) else {
            return .rejected("standard notification: signature does not match", body: raw, contentType: contentType)
        }
        let providerStatus = body["status"]?.stringValue ?? ""
        var status: ProviderStatus?
        if let unified = PledgProvider.unifiedStatus(of: providerStatus) {
            var data: [String: String] = [:]
            if let id = Self.plainID(body["id"]?.stringValue, prefix: "") { data["psp_transaction_id"] = id }
            var notices: [ProviderNotice] = []
            if PledgProvider.disputeStatuses.contains(providerStatus) {
                notices.append(ProviderNotice(type: "pledg.dispute", detail: ["status": providerStatus],
                                              key: "dispute:\(providerStatus):\(body["id"]?.stringValue ?? "")"))
            }
            status = ProviderStatus(providerStatus: providerStatus, status: unified, data: data, notices: notices)
        }
        return .verified(body: raw, contentType: contentType, headers: kind("standard"),
                         lookup: body["reference"]?.stringValue.flatMap(lookup), status: status)
    }

    /// A JWT-signed notification: the transfer-mode payment, or (PROVIDERS.md D) a signed
    /// purchase end `{reference, purchase_state, purchase_uid}`.
    private func signedToken(_ token: String, raw: [UInt8], contentType: String?, currency: Currency?) -> NotificationIntakeResult {
        var failure = JWTError.badSignature
        var verified: JWT.Verified?
        for account in accounts where !account.secret.isEmpty {
            do {
                verified = try JWT.verifyHS256(token, secret: Array(account.secret.utf8), now: now())
                break
            } catch let error as JWTError {
                // A malformed token or another algorithm is so for every key; a bad signature may
                // only be this account's.
                failure = error
                if error != .badSignature { break }
            } catch {
                break
            }
        }
        guard let claims = verified?.claims else {
            return .rejected("signed notification: \(failure.shortDescription)", body: raw, contentType: contentType)
        }
        let reference = claims["reference"]?.stringValue
        if let state = claims["purchase_state"]?.stringValue {
            let uid = Self.plainID(claims["purchase_uid"]?.stringValue, prefix: "") ?? "unreadable"
            let notice = ProviderNotice(type: "pledg.split_purchase_ended",
                                        detail: ["purchase_uid": uid,
                                                 "purchase_state": ProviderMessages.sanitized(state, secrets: [])],
                                        key: "split_end:" + uid)
            return .informational(notice, body: raw, contentType: contentType, headers: kind("split_purchase_end"),
                                  lookup: reference.flatMap(lookup))
        }
        guard let cents = claims["amount_cents"]?.int64Value, cents > 0 else {
            return .rejected("transfer notification: no amount_cents", body: raw, contentType: contentType)
        }
        var data: [String: String] = [:]
        if let uid = Self.plainID(claims["purchase_uid"]?.stringValue, prefix: "pur_") { data["purchase_uid"] = uid }
        if let item = Self.plainID(claims["transfer_order_item_uid"]?.stringValue, prefix: "") { data["transfer_order_item_uid"] = item }
        // The payload carries no currency: it is the one of the URL Kassa gave Pledg. Without
        // it the amount cannot be compared, and the notification is kept but not applied.
        let status = currency.map {
            ProviderStatus(providerStatus: "transfer_completed", status: .paid, amount: Money(minorUnits: cents, currency: $0), data: data)
        }
        return .verified(body: raw, contentType: contentType, headers: kind("transfer"), lookup: reference.flatMap(lookup), status: status)
    }

    private func virtualCard(_ body: JSONObject, raw: [UInt8], contentType: String?) -> NotificationIntakeResult {
        // Seed 003, "Front mode / Notification": the card carries no signature; the merchant uid
        // must be one of Kassa's front-mode accounts (compared in constant time all the same).
        let merchant = body["merchant_uid"]?.stringValue ?? ""
        let isFrontAccount = accounts.contains { $0.mode == .front && ConstantTime.equals($0.merchantUID, merchant) }
        guard isFrontAccount else {
            return .rejected("virtual card: merchant_uid is not a front-mode account", body: raw, contentType: contentType)
        }
        guard let reference = body["purchase"]?["reference"]?.stringValue, let lookup = lookup(reference) else {
            return .rejected("virtual card: no purchase.reference", body: raw, contentType: contentType)
        }
        guard let cents = body["amount_cents"]?.int64Value, cents > 0,
              let currency = body["currency"]?.stringValue.flatMap(Currency.init(code:)) else {
            return .rejected("virtual card: no amount_cents and currency", body: raw, contentType: contentType)
        }
        guard let uid = Self.plainID(body["uid"]?.stringValue, prefix: "vcar_") else {
            return .rejected("virtual card: no vcar_ uid", body: raw, contentType: contentType)
        }
        var data = ["virtual_card_uid": uid]
        let digits = (body["card_number"]?.stringValue ?? "").filter(\.isNumber)
        if (13...19).contains(digits.count) {
            data["card_bin"] = String(digits.prefix(6))
            data["card_last4"] = String(digits.suffix(4))
        }
        if let purchase = Self.plainID(body["purchase"]?["uid"]?.stringValue, prefix: "pur_") { data["purchase_uid"] = purchase }
        if let handoff, case .checkoutID(let checkout) = lookup, (13...19).contains(digits.count),
           let cvc = body["cvc"]?.stringValue, (3...4).contains(cvc.count), cvc.allSatisfy(\.isNumber) {
            let expiry = String((body["expiration_date"]?.stringValue ?? "").prefix(16))
            handoff.keep(.init(number: digits, cvc: cvc, expirationDate: expiry, uid: uid), for: checkout, now: now())
        }
        var status = ProviderStatus(providerStatus: "virtual_card_issued", status: .authorized,
                                    amount: Money(minorUnits: cents, currency: currency), data: data)
        // Unsigned: it may only authorize a checkout that was signed for this front-mode account.
        status.requiredData = ["pledg_mode": PledgMode.front.rawValue, "pledg_merchant_uid": merchant]
        return .verified(body: raw, contentType: contentType, headers: kind("virtual_card"), lookup: lookup, status: status)
    }

    // MARK: Helpers

    /// The checkout a reference names: Kassa sends the checkout id as Pledg's `reference`.
    private func lookup(_ reference: String) -> NotificationLookup? {
        guard (1...Self.maxReferenceLength).contains(reference.utf8.count), reference.hasPrefix("chk_") else { return nil }
        return .checkoutID(CheckoutID(reference))
    }

    /// `raw` with every occurrence of the card's number masked, wherever it stands: the stored
    /// copy's own masking finds 13 to 19 digit runs, and a longer run (a `vcp_reference` with
    /// more digits than the seed's three) would carry the number through whole (found by the
    /// `pledg-notification` fuzz target).
    static func withoutCardNumber(_ raw: [UInt8], _ body: JSONObject) -> [UInt8] {
        let digits = (body["card_number"]?.stringValue ?? "").filter(\.isNumber)
        guard (13...19).contains(digits.count), digits.allSatisfy(\.isASCII) else { return raw }
        let text = String(decoding: raw, as: UTF8.self)
        guard text.contains(digits) else { return raw }
        let masked = String(digits.prefix(6)) + String(repeating: "*", count: digits.count - 10) + String(digits.suffix(4))
        return Array(text.replacing(digits, with: masked).utf8)
    }

    /// `value` when it is an id Kassa may keep and put in a URL: `prefix`, then 1 to 64 of
    /// A-Z a-z 0-9 `_` `-` `.` in all; nil otherwise. (Ids are not passed through the card
    /// masking: a UUID's digit groups can look like a card number and would be garbled.)
    static func plainID(_ value: String?, prefix: String) -> String? {
        guard let value, value.hasPrefix(prefix), (prefix.utf8.count + 1...64).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        return allowed ? value : nil
    }

    /// The kind, kept with the inbox row for the operator.
    private func kind(_ name: String) -> [(name: String, value: String)] { [("x-pledg-notification", name)] }
}
