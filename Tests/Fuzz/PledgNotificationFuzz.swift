// libFuzzer target `pledg-notification` (scripts/fuzz): `PledgNotificationIntake` on any body
// posted to /v1/webhooks/pledg (anyone can post there). Properties:
//   - no trap, whatever the bytes;
//   - a trusted status only ever comes with `.verified`; a rejected one names no checkout;
//   - what is kept is masked: no run of 13 to 19 digits of the input's card number survives in
//     the stored body, and no `cvc` member;
//   - a standard notification is verified exactly when its signature is the SHA-256 of the
//     signed fields with the account's secret (recomputed here independently of the intake);
//   - a transfer notification paid by a token we did not sign is never verified.
import Crypto
import FoundationEssentials
import JSON
import Payments
import Providers

private let accounts = [
    PledgAccount(paymentType: .split, merchantUID: "mer_back", secret: "SECRET", mode: .back),
    PledgAccount(paymentType: .installment, merchantUID: "mer_transfer", secret: "fuzz-transfer-secret", mode: .transfer),
    PledgAccount(paymentType: .deferred, merchantUID: "mer_front", secret: "SECRET", mode: .front),
]
private let handoff = PledgVirtualCardHandoff(capacity: 8)
private let intake = PledgNotificationIntake(accounts: accounts, now: { Date(timeIntervalSince1970: 1_800_000_000) }, handoff: handoff)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPledgNotification(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let result = intake.receive(ReceivedNotification(headers: [("Content-Type", "application/json")],
                                                     query: ["currency": "EUR", "checkout": "chk_fuzz"], body: body))
    if result.trustedStatus != nil { fuzzCheck(result.verification == .verified, "a status without verification") }
    if case .rejected = result.verification { fuzzCheck(result.lookup == nil, "a rejected notification names a checkout") }
    let stored = String(decoding: result.body, as: UTF8.self)
    if let object = (try? JSONValue.parse(body))?.objectValue {
        if let card = object["card_number"]?.stringValue, card.count >= 13, card.count <= 19, card.allSatisfy(\.isNumber) {
            fuzzCheck(!stored.contains(card), "the card number is in the stored body")
        }
        if let stored = (try? JSONValue.parse(result.body))?.objectValue {
            fuzzCheck(stored["cvc"] == nil, "a cvc member is in the stored body")
        }
        if object["signature"] != nil, object["status"] != nil, object["card_number"] == nil,
           object["uid"]?.stringValue?.hasPrefix("vcar_") != true {
            fuzzCheck(result.verification == .verified ? signedWithAnAccount(object) : !signedWithAnAccount(object),
                      "standard verification disagrees with the recomputed signature")
        }
    }
    _ = handoff.take(for: CheckoutID("chk_fuzz"), now: Date(timeIntervalSince1970: 1_800_000_000))
    return 0
}

// Seed 003: sorted `key=value` pairs of the six signed keys joined by the secret, SHA-256, upper hex.
private func signedWithAnAccount(_ object: JSONObject) -> Bool {
    guard let given = object["signature"]?.stringValue else { return false }
    var pairs: [String] = []
    for key in ["created_at", "error", "id", "reference", "sandbox", "status"] {
        switch object[key] {
        case nil, .null?: pairs.append(key + "=")
        case .string(let text)?: pairs.append(key + "=" + text)
        case .bool(let flag)?: pairs.append(key + "=" + (flag ? "true" : "false"))
        case .number(let number)?: pairs.append(key + "=" + number.literal)
        default: return false
        }
    }
    return accounts.contains { SHA256.hexDigest(pairs.joined(separator: $0.secret), uppercase: true) == given.uppercased() }
}
