import JSON
import Payments
import XCTest

/// The shared masking of card data in what Kassa stores and logs.
final class CardDataMaskingTests: XCTestCase {
    func testCardNumbersKeepBINAndLastFour() {
        XCTAssertEqual(CardDataMasking.text("pan 4111111111111111."), "pan 411111******1111.")
        XCTAssertEqual(CardDataMasking.text("4111 1111 1111 1111"), "411111******1111")
        XCTAssertEqual(CardDataMasking.text("5555-5555-5555-4444 ok"), "555555******4444 ok")
        XCTAssertEqual(CardDataMasking.text("3782 822463 10005"), "378282*****0005")
        // Dates, amounts, phone numbers and short references stay.
        for kept in ["2026-12-03", "4485 EUR", "+33 6 12 34 56 78", "PCI_123456", "id 12345678901", "x - 1"] {
            XCTAssertEqual(CardDataMasking.text(kept), kept)
        }
        // Twenty digits are not a card number.
        XCTAssertEqual(CardDataMasking.text("12345678901234567890"), "12345678901234567890")
    }

    func testJSONBodyLosesVerificationCodesAndMasksNumbers() throws {
        let body = Array(#"{"card":{"number":"4111111111111111","CVC":"737","card_security_code":"1234","exp":"12/30"},"pan":5555555555554444,"amount":4485,"list":[{"cvv2":"000"}]}"#.utf8)
        let masked = try JSONValue.parse(CardDataMasking.body(body, contentType: "application/json"))
        XCTAssertEqual(masked["card"]?["number"], "411111******1111")
        XCTAssertNil(masked["card"]?["CVC"])
        XCTAssertNil(masked["card"]?["card_security_code"])
        XCTAssertEqual(masked["card"]?["exp"], "12/30")
        XCTAssertEqual(masked["pan"], "555555******4444")
        XCTAssertEqual(masked["amount"], .number(JSONNumber(4485)))
        XCTAssertEqual(masked["list"]?[0], .object(JSONObject()))
    }

    func testFormAndTextBodies() {
        let form = CardDataMasking.body(Array("a=1&card%5Bcvc%5D=737&cvv=123&pan=4111111111111111".utf8),
                                        contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(String(decoding: form, as: UTF8.self), "a=1&pan=411111******1111")
        let text = CardDataMasking.body(Array("card 4111111111111111 CVC: 737, cvv 1234 end".utf8), contentType: "text/plain")
        XCTAssertEqual(String(decoding: text, as: UTF8.self), "card 411111******1111 CVC: ***, cvv *** end")
    }

    func testHeadersLoseCredentials() {
        let kept = CardDataMasking.headers([("Authorization", "Basic abc"), ("Cookie", "s=1"), ("X-Api-Key", "k"),
                                            ("X-Auth-Token", "t"), ("X-Signature", "sig"), ("User-Agent", "pan 4111111111111111")])
        XCTAssertEqual(kept, ["x-signature": "sig", "user-agent": "pan 411111******1111"])
    }

    func testIntakeResultsAreMaskedAndOnlyVerifiedOnesCarryAStatus() {
        let body = Array(#"{"cvc":"737","pan":"4111111111111111"}"#.utf8)
        let hint = NotificationIntakeResult.unsignedHint(body: body, contentType: "application/json",
                                                         headers: [("Authorization", "x")], lookup: .providerReference("r"))
        XCTAssertEqual(String(decoding: hint.body, as: UTF8.self), #"{"pan":"411111******1111"}"#)
        XCTAssertEqual(hint.headers, ["content-type": "application/json"])
        XCTAssertNil(hint.trustedStatus)
        let rejected = NotificationIntakeResult.rejected("bad signature", body: body, contentType: nil)
        XCTAssertEqual(rejected.verification, .rejected(reason: "bad signature"))
        XCTAssertNil(rejected.lookup)
        let verified = NotificationIntakeResult.verified(body: body, contentType: nil, lookup: nil,
                                                         status: ProviderStatus(providerStatus: "paid", status: .paid))
        XCTAssertEqual(verified.trustedStatus?.status, .paid)
    }
}
