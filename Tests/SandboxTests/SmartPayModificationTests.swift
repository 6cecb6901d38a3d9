import Foundation
import KassaTestSupport
import XCTest

/// `/payment/capture`, `/cancel`, `/refund`, `/cancelOrRefund` with `modificationId`
/// idempotency (PROVIDERS.md B, "Modification APIs").
final class SmartPayModificationTests: SmartPayTestCase {
    private func paid(_ outcome: String, _ body: String = SmartPaySeedFixtures.createRequest) throws -> String {
        let (id, token) = try harness.create(body)
        XCTAssertEqual(try harness.pay(token, outcome).status, 200)
        return id
    }

    private func modifications(_ reply: RawClient.Reply) throws -> [[String: Any]] {
        try XCTUnwrap(try harness.json(reply)["modifications"] as? [[String: Any]], reply.text)
    }

    func testFullCaptureAnswersTheStatusModelWithTheCapture() throws {
        let id = try paid("authorize")
        let reply = try harness.modify("capture", id, modificationID: "op_capture_1")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(try harness.json(reply)["paymentStatus"] as? String, "CAPTURED")
        let entry = try XCTUnwrap(try modifications(reply).first)
        XCTAssertEqual(entry["modificationId"] as? String, "op_capture_1")
        let data = try XCTUnwrap(entry["modificationData"] as? [String: Any])
        XCTAssertEqual(data["type"] as? String, "CAPTURE")
        XCTAssertTrue(reply.text.contains(#""type":"CAPTURE","amount":10.99,"currencyCode":"EUR""#), reply.text)
    }

    func testCapturePendingWhenConfigured() async throws {
        await harness.stop()
        harness = try SmartPayHarness { $0.capturePendingReads = 1 }
        let id = try paid("authorize")
        XCTAssertEqual(try harness.json(try harness.modify("capture", id, modificationID: "c")) ["paymentStatus"] as? String, "CAPTURE_PENDING")
        XCTAssertEqual(try harness.status(id)["paymentStatus"] as? String, "CAPTURE_PENDING")
        XCTAssertEqual(try harness.status(id)["paymentStatus"] as? String, "CAPTURED")
    }

    func testPartialCaptureThenPartialRefundThenTheRest() throws {
        let id = try paid("authorize")
        XCTAssertEqual(try harness.modify("capture", id, modificationID: "c1", amount: "8.00").status, 200)
        let partial = try harness.modify("refund", id, modificationID: "r1", amount: "3.01")
        XCTAssertEqual(partial.status, 200, partial.text)
        // PROVIDERS.md B: the status stays CAPTURED; the refund is a modification.
        XCTAssertEqual(try harness.json(partial)["paymentStatus"] as? String, "CAPTURED")
        try harness.assertError(try harness.modify("refund", id, modificationID: "r2", amount: "5.00"), status: 409, code: "INVALID_STATE")
        let rest = try harness.modify("refund", id, modificationID: "r3")
        XCTAssertEqual(rest.status, 200, rest.text)
        XCTAssertTrue(rest.text.contains(#""type":"REFUND","amount":3.01"#), rest.text)
        XCTAssertTrue(rest.text.contains(#""modificationId":"r3","creationDate":"2023-11-14T22:13:20.000Z","modificationData":{"type":"REFUND","amount":4.99"#), rest.text)
        try harness.assertError(try harness.modify("refund", id, modificationID: "r4"), status: 409, code: "INVALID_STATE")
        XCTAssertEqual(try modifications(try harness.request("GET", "/payment/status/\(id)")).map { ($0["modificationData"] as? [String: Any])?["type"] as? String },
                       ["CAPTURE", "REFUND", "REFUND"])
    }

    func testCaptureBeyondTheAuthorizationIsRefused() throws {
        let id = try paid("authorize")
        try harness.assertError(try harness.modify("capture", id, modificationID: "c1", amount: "11.00"), status: 409, code: "INVALID_STATE")
        try harness.assertError(try harness.modify("capture", id, modificationID: "c2", amount: "1.00", currency: "USD"),
                                status: 400, code: "INVALID_REQUEST", field: "modifiedAmount.currencyCode")
        try harness.assertError(try harness.modify("capture", id, modificationID: "c3", amount: "1.001"),
                                status: 400, code: "INVALID_REQUEST", field: "modifiedAmount.amount")
        XCTAssertEqual(try harness.status(id)["paymentStatus"] as? String, "AUTHORIZATION_COMPLETED")
    }

    /// PROVIDERS.md B: "Reusing the same modificationId is treated as a retry, and the original
    /// result is returned."
    func testARetriedModificationIdAnswersTheOriginalResultAndAppliesNothing() throws {
        let id = try paid("capture")
        let first = try harness.modify("refund", id, modificationID: "op_refund_1", amount: "1.00")
        XCTAssertEqual(first.status, 200)
        harness.clock.advance(seconds: 60)
        let retry = try harness.modify("refund", id, modificationID: "op_refund_1", amount: "1.00")
        XCTAssertEqual(retry.status, 200)
        XCTAssertEqual(retry.body, first.body)
        XCTAssertEqual(try modifications(try harness.request("GET", "/payment/status/\(id)")).count, 1)
        // The original result even when the retry's amount differs.
        XCTAssertEqual(try harness.modify("refund", id, modificationID: "op_refund_1", amount: "2.00").body, first.body)
    }

    func testARefusedModificationIsNotRemembered() throws {
        let id = try paid("authorize")
        try harness.assertError(try harness.modify("refund", id, modificationID: "m1"), status: 409, code: "INVALID_STATE")
        XCTAssertEqual(try harness.modify("capture", id, modificationID: "m1").status, 200)
    }

    func testCancelReleasesTheAuthorization() throws {
        let id = try paid("authorize")
        let reply = try harness.modify("cancel", id, modificationID: "x1")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(try harness.json(reply)["paymentStatus"] as? String, "CANCELLED")
        XCTAssertTrue(reply.text.contains(#""type":"CANCELLATION""#))
        try harness.assertError(try harness.modify("capture", id, modificationID: "x2"), status: 409, code: "INVALID_STATE")
        try harness.assertError(try harness.modify("cancel", try paid("capture"), modificationID: "x3"), status: 409, code: "INVALID_STATE")
        try harness.assertError(try harness.modify("cancel", id, modificationID: "x4", amount: "1.00"),
                                status: 400, code: "INVALID_REQUEST", field: "modifiedAmount")
    }

    func testCancelOrRefundDependsOnTheStatus() throws {
        let authorized = try paid("authorize")
        XCTAssertEqual(try harness.json(try harness.modify("cancelOrRefund", authorized, modificationID: "a")) ["paymentStatus"] as? String, "CANCELLED")
        let captured = try paid("capture")
        let refund = try harness.modify("cancelOrRefund", captured, modificationID: "b")
        XCTAssertEqual(try harness.json(refund)["paymentStatus"] as? String, "CAPTURED")
        XCTAssertTrue(refund.text.contains(#""type":"REFUND","amount":10.99"#), refund.text)
        try harness.assertError(try harness.modify("cancelOrRefund", try paid("pending_forever"), modificationID: "c"), status: 409, code: "INVALID_STATE")
    }

    func testZeroExponentAmountsModifyExactly() throws {
        let body = SmartPaySeedFixtures.createRequest.replacingOccurrences(of: "10.99", with: "1099").replacingOccurrences(of: "EUR", with: "JPY")
        let id = try paid("authorize", body)
        XCTAssertEqual(try harness.modify("capture", id, modificationID: "c", amount: "1000", currency: "JPY").status, 200)
        let refund = try harness.modify("refund", id, modificationID: "r", amount: "1", currency: "JPY")
        XCTAssertTrue(refund.text.contains(#""amount":1000,"currencyCode":"JPY""#), refund.text)
        XCTAssertTrue(refund.text.contains(#""type":"REFUND","amount":1,"currencyCode":"JPY""#), refund.text)
    }

    func testModificationRequestsAreValidated() throws {
        let id = try paid("capture")
        let cases: [(String, String)] = [
            (#"{"merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "modificationId": "m"}"#, "transactionId"),
            (#"{"transactionId": "\#(id)", "modificationId": "m"}"#, "merchantKey"),
            (#"{"transactionId": "\#(id)", "merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e"}"#, "modificationId"),
            (#"{"transactionId": "\#(id)", "merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "modificationId": "\#(String(repeating: "m", count: 65))"}"#, "modificationId"),
            (#"{"transactionId": "\#(id)", "merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "modificationId": "m", "modifiedAmount": 1}"#, "modifiedAmount"),
        ]
        for (body, field) in cases {
            try harness.assertError(try harness.request("POST", "/payment/refund", body: body), status: 400, code: "INVALID_REQUEST", field: field)
        }
        try harness.assertError(try harness.modify("refund", "fc10f767-12a7-46d0-9da0-4af6b5b67c4d", modificationID: "m"), status: 404, code: "NOT_FOUND")
    }

    func testModificationsPerTransactionAreBounded() async throws {
        await harness.stop()
        harness = try SmartPayHarness { $0.maxModificationsPerTransaction = 3 }
        let id = try paid("capture")
        for n in 0..<3 { XCTAssertEqual(try harness.modify("refund", id, modificationID: "r\(n)", amount: "0.01").status, 200) }
        try harness.assertError(try harness.modify("refund", id, modificationID: "r3", amount: "0.01"), status: 422, code: "LIMIT_REACHED")
        // Retries of the first ones still answer.
        XCTAssertEqual(try harness.modify("refund", id, modificationID: "r0", amount: "0.01").status, 200)
    }

    func testSettlementAndChargebackControls() throws {
        let id = try paid("capture")
        let settled = try harness.request("POST", "/sandbox-controls/payments/\(id)/settle")
        XCTAssertEqual(settled.status, 200, settled.text)
        XCTAssertEqual(try harness.json(settled)["paymentStatus"] as? String, "SETTLED")
        let chargeback = try harness.request("POST", "/sandbox-controls/payments/\(id)/chargeback", body: #"{"amount": 2.50}"#)
        XCTAssertEqual(chargeback.status, 200, chargeback.text)
        XCTAssertEqual(try harness.json(chargeback)["paymentStatus"] as? String, "SETTLED")
        XCTAssertTrue(chargeback.text.contains(#""modificationData":{"type":"CHARGEBACK","amount":2.50"#), chargeback.text)
        XCTAssertEqual(try harness.modify("refund", id, modificationID: "after-settle", amount: "1.00").status, 200)
        try harness.simulator.chargeback(transactionID: id)
        XCTAssertTrue(try harness.request("GET", "/payment/status/\(id)").text.contains(#""type":"CHARGEBACK","amount":9.99"#))
        try harness.assertError(try harness.request("POST", "/sandbox-controls/payments/\(try paid("authorize"))/settle"), status: 409, code: "INVALID_STATE")
        XCTAssertThrowsError(try harness.simulator.settle(transactionID: "nope"))
    }
}
