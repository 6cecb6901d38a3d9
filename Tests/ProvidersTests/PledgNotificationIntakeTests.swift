import Crypto
import FoundationEssentials
import JSON
import Payments
import Providers
import XCTest

/// Seed 003's notifications: the standard one (SHA-256 signature), the transfer JWT, the
/// virtual card and the split purchase end, read by `PledgNotificationIntake`.
final class PledgNotificationIntakeTests: XCTestCase {
    static let accounts = [
        PledgAccount(paymentType: .split, merchantUID: "mer_e821ccca-7a16-45a7-8b00-0a6015e16123", secret: "SECRET", mode: .back),
        PledgAccount(paymentType: .installment, merchantUID: "mer_inst", secret: "SECRET", mode: .transfer),
        PledgAccount(paymentType: .deferred, merchantUID: "mer_front", secret: "SECRET", mode: .front),
    ]
    let intake = PledgNotificationIntake(accounts: accounts, now: { Date(timeIntervalSince1970: 1_800_000_000) })

    /// Seed 003, "Standard notification", verbatim.
    static let seedStandard = #"""
    {"created_at": "2019-04-04T12:20:34.97138Z",
     "id": "test-valid",
     "additional_data": {"xx": "yy"},
     "metadata": {"foo":"bar"},
     "status": "completed",
     "sandbox": "true",
     "error": "",
     "reference": "PLEDG_1086986786391",
     "signature": "B1C777835C01CA96AC4C3097FD46A7CA49B92BE157EDE0CB3552880D12A15359"}
    """#
    /// Seed 003, "Transfer / Notification", verbatim: signed with `your-256-bit-secret` (seeds/README.md).
    static let seedTransferToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyZWZlcmVuY2UiOiJwdXJjaGFzZV9yZWZlcmVuY2UiLCJjcmVhdGVkIjoiMjAyMC0wOS0xNyAxNTowMDowMi4wNTIxNzciLCJ0cmFuc2Zlcl9vcmRlcl9pdGVtX3VpZCI6InRyaV9mYXNka2ZpYXNmc2QyMzRuZnM3ZjVkIiwiYW1vdW50X2NlbnRzIjoxMDAwMH0.6ZhlvdcPgjwwBfxCrRpzaBGoRxTCoqtWJzFhB8pw4Ys"

    private func receive(_ body: String, query: [String: String] = [:]) -> NotificationIntakeResult {
        intake.receive(ReceivedNotification(headers: [("Content-Type", "application/json")], query: query, body: Array(body.utf8)))
    }

    private func object(_ text: String) -> JSONObject { (try! JSONValue.parse(Array(text.utf8))).objectValue! }

    private func standard(_ fields: JSONObject, secret: String = "SECRET") -> String {
        var body = fields
        body["signature"] = .string(PledgStandardSignature.signature(of: fields, secret: secret)!)
        return JSONValue.object(body).serializedString()
    }

    // MARK: Standard

    func testSeedStandardNotificationVerifiesWithSECRET() {
        XCTAssertEqual(PledgStandardSignature.signingString(object(Self.seedStandard), secret: "SECRET"),
                       "created_at=2019-04-04T12:20:34.97138ZSECRETerror=SECRETid=test-validSECRETreference=PLEDG_1086986786391SECRETsandbox=trueSECRETstatus=completed")
        let result = receive(Self.seedStandard)
        XCTAssertEqual(result.verification, .verified)
        XCTAssertEqual(result.trustedStatus?.status, .paid)
        XCTAssertEqual(result.trustedStatus?.providerStatus, "completed")
        // The seed's reference is not a Kassa checkout: stored, verified, unmatched.
        XCTAssertNil(result.lookup)
    }

    func testChangingAnySignedFieldOfTheSeedExampleFails() {
        for key in PledgStandardSignature.signedKeys {
            var body = object(Self.seedStandard)
            body[key] = .string((body[key]?.stringValue ?? "") + "x")
            let result = receive(JSONValue.object(body).serializedString())
            XCTAssertEqual(result.verification, .rejected(reason: "standard notification: signature does not match"), key)
            XCTAssertNil(result.trustedStatus, key)
        }
        // Unsigned members may change (seed: additional_data, metadata are not signed).
        var body = object(Self.seedStandard)
        body["metadata"] = .object(["foo": "baz"])
        XCTAssertEqual(receive(JSONValue.object(body).serializedString()).verification, .verified)
    }

    func testStandardSignedWithAnotherSecretIsRejected() {
        let fields: JSONObject = ["created_at": "2026-12-03T10:00:00Z", "error": "", "id": "psp_1", "reference": "chk_abc",
                                  "sandbox": "true", "status": "completed"]
        XCTAssertEqual(receive(standard(fields, secret: "not-the-secret")).verification,
                       .rejected(reason: "standard notification: signature does not match"))
        let good = receive(standard(fields))
        XCTAssertEqual(good.verification, .verified)
        XCTAssertEqual(good.lookup, .checkoutID(CheckoutID("chk_abc")))
        XCTAssertEqual(good.trustedStatus?.data["psp_transaction_id"], "psp_1")
    }

    func testEveryProcessOutStatusIsMapped() {
        let expected: [String: Checkout.Status] = [
            "waiting": .pending, "pending": .pending, "pending-capture": .pending, "authorized": .authorized, "completed": .paid,
            "failed": .failed, "blocked": .failed, "voided": .canceled, "refunded": .refunded, "partially-refunded": .partiallyRefunded,
            "reversed": .refunded, "solved": .paid, "chargeback-initiated": .paid, "retrieval-request": .paid,
            "fraud-notification": .paid, "in-review": .pending,
        ]
        XCTAssertEqual(PledgProvider.statusTable.count, expected.count)
        for (status, unified) in expected {
            let fields: JSONObject = ["created_at": "t", "error": "", "id": "p", "reference": "chk_1", "sandbox": "true", "status": .string(status)]
            XCTAssertEqual(receive(standard(fields)).trustedStatus?.status, unified, status)
        }
        let unknown: JSONObject = ["created_at": "t", "error": "", "id": "p", "reference": "chk_1", "sandbox": "true", "status": "exploded"]
        let result = receive(standard(unknown))
        XCTAssertEqual(result.verification, .verified)
        XCTAssertNil(result.trustedStatus, "an undocumented status is never guessed")
    }

    // MARK: Transfer

    func testSeedTransferTokenFailsVerbatimAndPassesResignedWithSECRET() throws {
        let verbatim = receive(#"{"signature": "\#(Self.seedTransferToken)"}"#, query: ["currency": "EUR"])
        XCTAssertEqual(verbatim.verification, .rejected(reason: "signed notification: jwt_bad_signature"))
        let payload = Base64URL.decode(String(Self.seedTransferToken.split(separator: ".")[1]))!
        let resigned = JWT.signHS256(payload: payload, secret: Array("SECRET".utf8))
        let result = receive(#"{"signature": "\#(resigned)"}"#, query: ["currency": "EUR"])
        XCTAssertEqual(result.verification, .verified)
        XCTAssertEqual(result.trustedStatus?.status, .paid)
        XCTAssertEqual(result.trustedStatus?.amount, Money(minorUnits: 10_000, currency: .eur))
        XCTAssertEqual(result.trustedStatus?.data["transfer_order_item_uid"], "tri_fasdkfiasfsd234nfs7f5d")
        XCTAssertNil(result.lookup, "purchase_reference is not a Kassa checkout")
    }

    func testTransferForACheckoutCarriesItsAmountForTheCheck() {
        let payload: JSONValue = ["reference": "chk_t1", "created": "2026-12-03 10:00:00", "transfer_order_item_uid": "tri_1",
                                  "purchase_uid": "pur_1", "amount_cents": 4485]
        let token = JWT.signHS256(payload: payload.serialized(), secret: Array("SECRET".utf8))
        let result = receive(#"{"signature":"\#(token)"}"#, query: ["currency": "GBP", "checkout": "chk_t1"])
        XCTAssertEqual(result.lookup, .checkoutID(CheckoutID("chk_t1")))
        XCTAssertEqual(result.trustedStatus?.amount, Money(minorUnits: 4485, currency: Currency(code: "GBP")!))
        XCTAssertEqual(result.trustedStatus?.data["purchase_uid"], "pur_1")
    }

    func testIdsWhoseDigitsLookLikeACardNumberAreKeptIntact() {
        // A UUID's digit groups joined by dashes can be a 13-to-19-digit run for the card masking.
        let uid = "pur_12345678-1234-4123-8123-123456789012"
        let payload: JSONValue = ["reference": "chk_d1", "transfer_order_item_uid": "tri_1", "purchase_uid": .string(uid), "amount_cents": 100]
        let token = JWT.signHS256(payload: payload.serialized(), secret: Array("SECRET".utf8))
        XCTAssertEqual(receive(#"{"signature":"\#(token)"}"#, query: ["currency": "EUR"]).trustedStatus?.data["purchase_uid"], uid)
    }

    func testNoneOtherAlgorithmsExpiredAndMalformedTokensAreRejected() {
        let payload = Base64URL.encode(Array(#"{"reference":"chk_1","amount_cents":100}"#.utf8))
        let none = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + payload + "."
        XCTAssertEqual(receive(#"{"signature":"\#(none)"}"#).verification, .rejected(reason: "signed notification: jwt_unsupported_algorithm"))
        let hs512Header = Base64URL.encode(Array(#"{"alg":"HS512","typ":"JWT"}"#.utf8))
        let input = hs512Header + "." + payload
        let hs512 = input + "." + Base64URL.encode(HMACSHA256.authenticate(Array(input.utf8), key: Array("SECRET".utf8)))
        XCTAssertEqual(receive(#"{"signature":"\#(hs512)"}"#).verification, .rejected(reason: "signed notification: jwt_unsupported_algorithm"))
        let expired = JWT.signHS256(payload: Array(#"{"reference":"chk_1","amount_cents":100,"exp":1700000000}"#.utf8), secret: Array("SECRET".utf8))
        XCTAssertEqual(receive(#"{"signature":"\#(expired)"}"#).verification, .rejected(reason: "signed notification: jwt_expired"))
        XCTAssertEqual(receive(#"{"signature":"not.a.jwt"}"#).verification, .rejected(reason: "signed notification: jwt_malformed"))
        XCTAssertEqual(receive(#"{"signature":"x"}"#).verification, .rejected(reason: "signed notification: jwt_malformed"))
    }

    // MARK: Virtual card

    static func virtualCard(reference: String = "chk_vc1", merchant: String = "mer_front", amount: Int = 7900) -> String {
        #"""
        {"cvc":"789", "currency":"EUR", "expiration_date":"30-06-2020", "currency_symbol":"€",
         "uid":"vcar_da870335-769d-4ac9-9d23-09af03add773", "vcp_reference":"5132180289753097669",
         "account":{"uid":"acc_acf21f48-7138-4866-a59c-004fd90f30c8"}, "updated":"04-12-2019", "created":"04-12-2019",
         "card_number":"5132180289753097",
         "purchase":{"uid":"pur_9ae3e186-6f94-449d-bc3e-f2221621e1e5", "reference":"\#(reference)"},
         "merchant_uid":"\#(merchant)", "amount":79.0, "amount_cents":\#(amount)}
        """#
    }

    func testVirtualCardOfAFrontAccountAuthorizesAndKeepsOnlyBinLastFourAndUid() {
        let result = receive(Self.virtualCard())
        XCTAssertEqual(result.verification, .verified)
        XCTAssertEqual(result.lookup, .checkoutID(CheckoutID("chk_vc1")))
        XCTAssertEqual(result.trustedStatus?.status, .authorized)
        XCTAssertEqual(result.trustedStatus?.amount, Money(minorUnits: 7900, currency: .eur))
        XCTAssertEqual(result.trustedStatus?.data, ["card_bin": "513218", "card_last4": "3097",
                                                    "virtual_card_uid": "vcar_da870335-769d-4ac9-9d23-09af03add773",
                                                    "purchase_uid": "pur_9ae3e186-6f94-449d-bc3e-f2221621e1e5"])
        let stored = String(decoding: result.body, as: UTF8.self)
        XCTAssertFalse(stored.contains("5132180289753097"), stored)
        XCTAssertFalse(stored.contains("789"), stored)
    }

    func testTheCardNumberInsideALongerDigitRunIsMaskedToo() {
        // Found by the pledg-notification fuzz target: 21 digits escape the 13-to-19 masking.
        let body = Self.virtualCard().replacingOccurrences(of: #""vcp_reference":"5132180289753097669""#,
                                                           with: #""vcp_reference":"125132180289753097669""#)
        let stored = String(decoding: receive(body).body, as: UTF8.self)
        XCTAssertFalse(stored.contains("5132180289753097"), stored)
    }

    func testVirtualCardOfAnotherModesAccountOrWithoutReferenceIsRejected() {
        XCTAssertEqual(receive(Self.virtualCard(merchant: "mer_e821ccca-7a16-45a7-8b00-0a6015e16123")).verification,
                       .rejected(reason: "virtual card: merchant_uid is not a front-mode account"))
        XCTAssertEqual(receive(Self.virtualCard(merchant: "mer_unknown")).verification,
                       .rejected(reason: "virtual card: merchant_uid is not a front-mode account"))
        // Seed 003's own reference is not one Kassa gave.
        let seed = receive(Self.virtualCard(reference: "A/31D135BA/V"))
        XCTAssertEqual(seed.verification, .rejected(reason: "virtual card: no purchase.reference"))
        XCTAssertFalse(String(decoding: seed.body, as: UTF8.self).contains("5132180289753097"))
    }

    // MARK: Split purchase end

    func testSplitPurchaseEndIsANoticeNeverAStatus() {
        let result = receive(#"{"reference": "chk_s1", "uid": "pur_c9299823"}"#)
        XCTAssertEqual(result.verification, .unsignedHint)
        XCTAssertNil(result.trustedStatus)
        XCTAssertEqual(result.lookup, .checkoutID(CheckoutID("chk_s1")))
        XCTAssertEqual(result.notice, ProviderNotice(type: "pledg.split_purchase_ended", detail: ["purchase_uid": "pur_c9299823"],
                                                     key: "split_end:pur_c9299823"))
    }

    func testAnythingElseIsRejected() {
        XCTAssertEqual(receive("not json").verification, .rejected(reason: "not a JSON object"))
        XCTAssertEqual(receive(#"{"status":"completed","reference":"chk_1"}"#).verification,
                       .rejected(reason: "not a Pledg notification: no signature"))
    }
}
