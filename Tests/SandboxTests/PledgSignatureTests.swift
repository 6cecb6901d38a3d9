import Crypto
import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// The front verifies the settings' JWT as Pledg would (seed 003, "Signature of the
/// parameters") and answers an error page naming seed 003's error type.
final class PledgSignatureTests: XCTestCase {
    var harness: PledgHarness!

    override func setUp() async throws { harness = try PledgHarness() }
    override func tearDown() async throws { await harness.stop() }

    func assertErrorPage(_ signature: String, type: String = "invalid_request_error", mentions: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try harness.front(signature)
        XCTAssertEqual(reply.status, 400, reply.text, file: file, line: line)
        XCTAssertEqual(reply.header("Content-Type"), "text/html; charset=utf-8", file: file, line: line)
        XCTAssertTrue(reply.text.contains("<code class=\"type\">\(type)</code>"), reply.text, file: file, line: line)
        XCTAssertTrue(reply.text.contains(mentions), "\(mentions) not in \(reply.text)", file: file, line: line)
        XCTAssertEqual(harness.simulator.purchaseCount, 0, file: file, line: line)
    }

    func testAGoodSignatureOpensTheFunnelWithTheSchedule() throws {
        let reply = try harness.front(harness.sign(harness.settings(.installment, amount: 200)))
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertTrue(reply.text.contains("STAY IN LONDON"))
        XCTAssertTrue(reply.text.contains("Fly + Hotel 2 nights (3 rooms)"))
        // 2023-11-14 (the manual clock): 68 + 66 + 66, fees 2 on the first.
        XCTAssertTrue(reply.text.contains("<td>2023-11-14</td><td>0.68 EUR</td><td>0.02 EUR</td>"), reply.text)
        XCTAssertTrue(reply.text.contains("<td>2024-01-14</td><td>0.66 EUR</td>"), reply.text)
        for outcome in ["complete", "refuse", "not_eligible", "cancel"] {
            XCTAssertTrue(reply.text.contains("/complete") && reply.text.contains("/\(outcome)\""), outcome)
        }
    }

    func testTamperedWrongSecretNoneAndOtherAlgorithmsAreRefused() throws {
        let good = harness.sign(harness.settings())
        var parts = good.split(separator: ".").map(String.init)
        // A changed amount in the payload, the signature kept.
        var payload = try JSONSerialization.jsonObject(with: Data(Base64URL.decode(parts[1])!)) as! [String: Any]
        var data = payload["data"] as! [String: Any]
        data["amountCents"] = 1
        payload["data"] = data
        parts[1] = Base64URL.encode(try JSONSerialization.data(withJSONObject: payload))
        try assertErrorPage(parts.joined(separator: "."), mentions: "does not match")

        try assertErrorPage(harness.sign(harness.settings(), secret: "your-256-bit-secret"), mentions: "does not match")

        let none = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
        try assertErrorPage(none, mentions: "HS256")
        let hs512 = Base64URL.encode(Array(#"{"alg":"HS512","typ":"JWT"}"#.utf8)) + "." + good.split(separator: ".")[1] + "." + good.split(separator: ".")[2]
        try assertErrorPage(hs512, mentions: "HS256")
    }

    func testAnExpiredSignatureIsRefused() throws {
        let signature = harness.sign(harness.settings(), expiresIn: 600)
        harness.clock.advance(seconds: 600 + 61)
        try assertErrorPage(signature, mentions: "expired")
    }

    func testMalformedTokensAndMissingSignature() throws {
        try assertErrorPage("abc", mentions: "not a valid JSON Web Token")
        try assertErrorPage("a.b.c", mentions: "not a valid JSON Web Token")
        let noData = JWT.signHS256(payload: Array(#"{"exp":99999999999}"#.utf8), secret: Array("SECRET".utf8))
        try assertErrorPage(noData, mentions: "no data")
        let reply = try harness.request("GET", "/front/purchases")
        XCTAssertEqual(reply.status, 400)
        XCTAssertTrue(reply.text.contains("signature is required"), reply.text)
    }

    func testMissingOrMalformedSettingsNameTheSetting() throws {
        let cases: [(String, Any?)] = [
            ("merchantUid", "mer_unknown"), ("amountCents", 0), ("amountCents", 1_000_001), ("amountCents", "100"),
            ("amountCents", 10.5), ("email", "not-an-email"), ("firstName", nil), ("lastName", ""), ("reference", nil),
            ("title", nil), ("currency", "USD"), ("lang", "pt_PT"), ("civility", "Dr"), ("phoneNumber", "0612345678"),
            ("redirectUrl", nil), ("cancelUrl", "https://evil.example/"), ("paymentNotificationUrl", "http://10.0.0.1/hook"),
            ("address", "FR"), ("deferredPaymentDate", "2020-13-01"),
        ]
        for (index, (name, value)) in cases.enumerated() {
            var settings = harness.settings(reference: "chk_\(index)")
            settings[name] = value
            try assertErrorPage(harness.sign(settings), mentions: name)
        }
        var settings = harness.settings(.installment)
        settings["address"] = ["city": "Bruxelles", "country": "BE"]
        try assertErrorPage(harness.sign(settings), mentions: "address.country")
        settings["address"] = nil
        try assertErrorPage(harness.sign(settings), mentions: "address")
    }

    func testAccountLimitsMakeTheCustomerNotEligible() throws {
        // The sandbox redirection account: 100 … 1,000,000 cents, FR only.
        try assertErrorPage(harness.sign(harness.settings(.redirection, amount: 99)), type: "not_eligible", mentions: "minimum")
        var settings = harness.settings(.redirection)
        settings["address"] = ["country": "BE"]
        try assertErrorPage(harness.sign(settings), type: "not_eligible", mentions: "BE")
    }

    func testAMailtoNotificationIsAcceptedAndSendsNothing() throws {
        var settings = harness.settings()
        settings["paymentNotificationUrl"] = "mailto:john.doe@gmail.com"
        let uid = try harness.open(harness.sign(settings))
        XCTAssertEqual(try harness.choose(uid, "complete").status, 303)
        usleep(100_000)
        XCTAssertEqual(harness.receiver.attemptCount, 0)
    }
}
