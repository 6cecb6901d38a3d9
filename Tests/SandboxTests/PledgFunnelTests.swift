import Crypto
import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// The direct call of the front (seed 003): each mode from signature to notification and
/// redirect, and the buyer's other choices.
final class PledgFunnelTests: XCTestCase {
    var harness: PledgHarness!

    override func setUp() async throws { harness = try PledgHarness() }
    override func tearDown() async throws { await harness.stop() }

    /// Seed 003's algorithm, written again here: sorted `key=value` joined by the secret, SHA-256, upper-case hex.
    func expectedSignature(_ n: [String: Any], secret: String = "SECRET") -> String {
        let keys = ["created_at", "error", "id", "reference", "sandbox", "status"]
        let text = keys.map { "\($0)=\(n[$0] as? String ?? "?")" }.joined(separator: secret)
        return Hex.encode(SHA256.hash(Array(text.utf8)), uppercase: true)
    }

    func testSeedStandardSignatureVector() {
        let pairs = [("status", "completed"), ("sandbox", "true"), ("reference", "PLEDG_1086986786391"), ("id", "test-valid"),
                     ("error", ""), ("created_at", "2019-04-04T12:20:34.97138Z")]
        XCTAssertEqual(PledgNotification.standardSignature(pairs, secret: "SECRET"),
                       "B1C777835C01CA96AC4C3097FD46A7CA49B92BE157EDE0CB3552880D12A15359")
        XCTAssertNotEqual(PledgNotification.standardSignature(pairs, secret: "SECRET2"),
                          "B1C777835C01CA96AC4C3097FD46A7CA49B92BE157EDE0CB3552880D12A15359")
    }

    func testBackModeCompletionSendsTheSignedStandardNotificationThenThePurchaseEnd() throws {
        var settings = harness.settings(.split)
        settings["metadata"] = ["foo": "bar"]
        let uid = try harness.open(harness.sign(settings))
        let reply = try harness.choose(uid, "complete")
        XCTAssertEqual(reply.status, 303, reply.text)
        XCTAssertEqual(reply.header("Location"), PledgHarness.shop + "/return?ok")
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 2 })
        let standard = harness.receiver.notifications[0]
        XCTAssertEqual(Set(standard.keys), ["created_at", "id", "additional_data", "metadata", "status", "sandbox", "error", "reference", "signature"])
        XCTAssertEqual(standard["status"] as? String, "completed")
        XCTAssertEqual(standard["sandbox"] as? String, "true")
        XCTAssertEqual(standard["error"] as? String, "")
        XCTAssertEqual(standard["reference"] as? String, "chk_test_1")
        XCTAssertNotNil((standard["created_at"] as? String)?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression))
        XCTAssertEqual(standard["metadata"] as? [String: String], ["foo": "bar"])
        XCTAssertEqual(standard["signature"] as? String, expectedSignature(standard))
        XCTAssertNotEqual(standard["signature"] as? String, expectedSignature(standard, secret: "OTHER"))
        // Seed 003, "Split purchase end notification": `{reference, uid}` only.
        let end = harness.receiver.notifications[1]
        XCTAssertEqual(end as? [String: String], ["reference": "chk_test_1", "uid": uid])
    }

    func testTransferModeSendsAJWTSignedWithTheAccountSecret() throws {
        let settings = harness.settings(.installment, amount: 10000)
        let uid = try harness.open(harness.sign(settings))
        XCTAssertEqual(try harness.choose(uid, "complete").status, 303)
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 1 })
        let body = harness.receiver.notifications[0]
        XCTAssertEqual(Array(body.keys), ["signature"])
        let token = try XCTUnwrap(body["signature"] as? String)
        XCTAssertThrowsError(try JWT.verifyHS256(token, secret: Array("your-256-bit-secret".utf8), now: harness.clock.now))
        let verified = try JWT.verifyHS256(token, secret: Array("SECRET".utf8), now: harness.clock.now)
        XCTAssertEqual(verified.claims["reference"]?.stringValue, "chk_test_1")
        XCTAssertEqual(verified.claims["amount_cents"]?.int64Value, 10000)
        XCTAssertEqual(verified.claims["purchase_uid"]?.stringValue, uid)
        XCTAssertEqual(verified.claims["merchant_uid"]?.stringValue, harness.account(.installment).merchantUID)
        XCTAssertNotNil(verified.claims["transfer_order_item_uid"]?.stringValue?.range(of: "^tri_[a-z0-9]+$", options: .regularExpression))
        XCTAssertNotNil(verified.claims["created"]?.stringValue?.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$"#, options: .regularExpression))
        XCTAssertEqual(String(decoding: Base64URL.decode(String(token.split(separator: ".")[0]))!, as: UTF8.self), #"{"alg":"HS256","typ":"JWT"}"#)
    }

    func testFrontModeSendsTheVirtualCard() throws {
        let uid = try harness.open(harness.sign(harness.settings(.deferred, amount: 7900)))
        XCTAssertEqual(try harness.choose(uid, "complete").status, 303)
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 1 })
        let card = harness.receiver.notifications[0]
        // Seed 003's example, key for key.
        XCTAssertEqual(Set(card.keys), ["cvc", "currency", "expiration_date", "currency_symbol", "uid", "vcp_reference", "account",
                                        "updated", "created", "card_number", "purchase", "merchant_uid", "amount", "amount_cents"])
        let number = try XCTUnwrap(card["card_number"] as? String)
        XCTAssertTrue(number.hasPrefix("513218"))
        XCTAssertEqual(number.count, 16)
        XCTAssertTrue(luhn(number), number)
        XCTAssertNotNil((card["cvc"] as? String)?.range(of: #"^\d{3}$"#, options: .regularExpression))
        XCTAssertNotNil((card["uid"] as? String)?.range(of: "^vcar_[0-9a-f-]{36}$", options: .regularExpression))
        XCTAssertNotNil((card["expiration_date"] as? String)?.range(of: #"^\d\d-\d\d-\d{4}$"#, options: .regularExpression))
        XCTAssertEqual(card["amount_cents"] as? Int, 7900)
        XCTAssertEqual(card["amount"] as? Double, 79.0)
        XCTAssertEqual(card["currency_symbol"] as? String, "€")
        XCTAssertEqual(card["merchant_uid"] as? String, harness.account(.deferred).merchantUID)
        XCTAssertEqual(card["purchase"] as? [String: String], ["uid": uid, "reference": "chk_test_1"])
        XCTAssertEqual(card["created"] as? String, "14-11-2023") // the manual clock: 2023-11-14
    }

    func luhn(_ number: String) -> Bool {
        let digits = number.compactMap(\.wholeNumberValue)
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let value = offset % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    func testRefuseNotEligibleAndCancelGoToCancelURLWithoutNotification() throws {
        for (index, outcome) in ["refuse", "not_eligible", "cancel"].enumerated() {
            let uid = try harness.open(harness.sign(harness.settings(reference: "chk_\(index)")))
            let reply = try harness.choose(uid, outcome)
            XCTAssertEqual(reply.status, 303, reply.text)
            XCTAssertEqual(reply.header("Location"), PledgHarness.shop + "/return?cancel")
            // Once ended, the funnel cannot be ended again.
            XCTAssertEqual(try harness.choose(uid, "complete").status, 409)
        }
        usleep(100_000)
        XCTAssertEqual(harness.receiver.attemptCount, 0)
    }

    func testACompletedReferenceCannotBeUsedAgainButACanceledOneCan() throws {
        let first = try harness.open(harness.sign(harness.settings()))
        // Opening the same signature again shows the same open purchase.
        XCTAssertEqual(try harness.open(harness.sign(harness.settings())), first)
        XCTAssertEqual(try harness.choose(first, "cancel").status, 303)
        let second = try harness.open(harness.sign(harness.settings()))
        XCTAssertNotEqual(second, first)
        XCTAssertEqual(try harness.choose(second, "complete").status, 303)
        let reply = try harness.front(harness.sign(harness.settings()))
        XCTAssertEqual(reply.status, 400)
        XCTAssertTrue(reply.text.contains("invalid_request_error"), reply.text)
        XCTAssertTrue(reply.text.contains("reference"), reply.text)
    }

    func testFailedNotificationsAreRetriedButThePurchaseEndIsNot() async throws {
        await harness.stop()
        harness = try PledgHarness(failures: 2)
        let uid = try harness.open(harness.sign(harness.settings(.split)))
        XCTAssertEqual(try harness.choose(uid, "complete").status, 303)
        // Two 503s, then the standard notification; the purchase end is sent once (accepted).
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 2 })
        XCTAssertEqual(harness.receiver.attemptCount, 4)

        await harness.stop()
        harness = try PledgHarness(failures: 4)
        let other = try harness.open(harness.sign(harness.settings(.split)))
        XCTAssertEqual(try harness.choose(other, "complete").status, 303)
        // Three attempts of the standard notification (two retries) and one of the end notice.
        XCTAssertTrue(eventually { self.harness.receiver.attemptCount == 4 })
        usleep(100_000)
        XCTAssertEqual(harness.receiver.attemptCount, 4)
        XCTAssertEqual(harness.receiver.bodies.count, 0)
    }

    func testBadGatewaySendsAFailedStandardNotificationInBackModeOnly() throws {
        let page = try harness.front(harness.sign(harness.settings(.split)))
        XCTAssertTrue(page.text.contains("/bad_gateway\""), page.text)
        let uid = try harness.open(harness.sign(harness.settings(.split)))
        let reply = try harness.choose(uid, "bad_gateway")
        XCTAssertEqual(reply.status, 303, reply.text)
        XCTAssertEqual(reply.header("Location"), PledgHarness.shop + "/return?cancel")
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 1 })
        usleep(50_000)
        XCTAssertEqual(harness.receiver.bodies.count, 1) // no purchase end: the purchase failed
        let failed = harness.receiver.notifications[0]
        XCTAssertEqual(failed["status"] as? String, "failed")
        XCTAssertEqual(failed["error"] as? String, "card.declined")
        XCTAssertEqual(failed["signature"] as? String, expectedSignature(failed))
        // The reference is free again.
        XCTAssertNotEqual(try harness.open(harness.sign(harness.settings(.split))), uid)

        let transfer = try harness.open(harness.sign(harness.settings(.installment, reference: "chk_transfer")))
        XCTAssertFalse(try harness.front(harness.sign(harness.settings(.installment, reference: "chk_transfer"))).text.contains("bad_gateway"))
        XCTAssertEqual(try harness.choose(transfer, "bad_gateway").status, 409)
        XCTAssertEqual(harness.simulator.store.purchase(transfer)?.machine.state, .open)
    }
}
