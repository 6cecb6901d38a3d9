import Foundation
import XCTest

/// `POST /api/v2/Payment/Transactions/{id}/cancel`: partial and full refunds, the reason rule.
final class SecuconnectRefundTests: SimulatorTestCase {
    /// A paid transaction of 44.85 EUR: its STX and PCI ids.
    func paid(autoCapture: Bool = true) throws -> (stx: String, pci: String) {
        let stx = try XCTUnwrap(try harness.create(smartTransactionBody(autoCapture: autoCapture), token: token)["id"] as? String)
        XCTAssertEqual(try harness.checkout(stx, "approve").status, 303)
        let transactions = try XCTUnwrap(try harness.read(stx, token: token)["transactions"] as? [[String: Any]])
        return (stx, try XCTUnwrap(transactions.first?["id"] as? String))
    }

    func cancel(_ pci: String, _ body: String?) throws -> [String: Any]? {
        let reply = try harness.request("POST", "/api/v2/Payment/Transactions/\(pci)/cancel", body: body, token: token)
        guard reply.status == 200 else { return nil }
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]]).first
    }

    func payment(_ pci: String) throws -> [String: Any] {
        let reply = try harness.request("GET", "/api/v2/Payment/Transactions/\(pci)", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return try harness.json(reply)
    }

    func testPartialThenFullRefund() throws {
        let (_, pci) = try paid()
        XCTAssertEqual(try payment(pci)["status_simple"] as? Int, 9)
        let partial = try XCTUnwrap(try cancel(pci, #"{"reduce_amount_by": 1000, "reason": "Return of 1 item (order 12/2024)"}"#))
        XCTAssertEqual(partial["object"] as? String, "payment.transactions")
        XCTAssertEqual(partial["id"] as? String, pci)
        XCTAssertEqual(partial["amount"] as? Int, 3485)
        XCTAssertEqual(partial["refunded_amount"] as? Int, 1000)
        XCTAssertEqual(partial["status_simple"] as? Int, 9)
        let full = try XCTUnwrap(try cancel(pci, nil))
        XCTAssertEqual(full["amount"] as? Int, 0)
        XCTAssertEqual(full["refunded_amount"] as? Int, 4485)
        XCTAssertEqual(full["status_simple"] as? Int, 7)
        XCTAssertEqual(try payment(pci)["status_simple_text"] as? String, "refund")
        try harness.assertError(try harness.request("POST", "/api/v2/Payment/Transactions/\(pci)/cancel", body: "{}", token: token),
                                status: 409, error: "ProductNotAllowedException")
    }

    func testRefundAboveTheRemainingAmountIsRefusedAndChangesNothing() throws {
        let (_, pci) = try paid()
        _ = try cancel(pci, #"{"reduce_amount_by": 4000}"#)
        let reply = try harness.request("POST", "/api/v2/Payment/Transactions/\(pci)/cancel", body: #"{"reduce_amount_by": 486}"#, token: token)
        try harness.assertError(reply, status: 409, error: "ProductNotAllowedException")
        XCTAssertEqual(try payment(pci)["amount"] as? Int, 485)
        XCTAssertEqual(try cancel(pci, #"{"reduce_amount_by": 485}"#)?["amount"] as? Int, 0)
    }

    func testReasonMustMatchThePattern() throws {
        let (_, pci) = try paid()
        for bad in ["Refund!", "naïve", String(repeating: "a", count: 101), "semi;colon"] {
            let reply = try harness.request("POST", "/api/v2/Payment/Transactions/\(pci)/cancel",
                                            body: #"{"reduce_amount_by": 1, "reason": \#(String(reflecting: bad))}"#, token: token)
            try harness.assertError(reply, status: 400, error: "ProductBadRequestException")
        }
        XCTAssertEqual(try payment(pci)["refunded_amount"] as? Int, 0)
        let longest = String(repeating: "A", count: 90) + " .,+-:?()/'"[...].prefix(10)
        XCTAssertEqual(try cancel(pci, #"{"reduce_amount_by": 1, "reason": \#(String(reflecting: String(longest)))}"#)?["refunded_amount"] as? Int, 1)
    }

    func testNonPositiveReductionIsInvalid() throws {
        let (_, pci) = try paid()
        let reply = try harness.request("POST", "/api/v2/Payment/Transactions/\(pci)/cancel", body: #"{"reduce_amount_by": 0}"#, token: token)
        try harness.assertError(reply, status: 400, error: "ProductBadRequestException")
    }

    func testCancelBeforeCaptureVoidsTheAuthorisation() throws {
        let (stx, pci) = try paid(autoCapture: false)
        XCTAssertEqual(try payment(pci)["status_simple"] as? Int, 2)
        XCTAssertEqual(try cancel(pci, nil)?["status_simple"] as? Int, 5)
        XCTAssertEqual(try harness.read(stx, token: token)["status"] as? String, "failed")
        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions/\(stx)/start", token: token).status, 409)
    }

    func testAnAuthorisationIsLoweredOnceThenCapturedAtTheLowerAmount() throws {
        let (stx, pci) = try paid(autoCapture: false)
        XCTAssertEqual(try cancel(pci, #"{"reduce_amount_by": 485}"#)?["amount"] as? Int, 4000)
        XCTAssertNil(try cancel(pci, #"{"reduce_amount_by": 1}"#))
        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions/\(stx)/start", token: token).status, 200)
        XCTAssertEqual(try payment(pci)["amount"] as? Int, 4000)
    }

    func testSmartCancelRefundsThePaymentInFull() throws {
        let (stx, pci) = try paid()
        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions/\(stx)/cancel", token: token).status, 200)
        XCTAssertEqual(try payment(pci)["refunded_amount"] as? Int, 4485)
    }

    func testUnknownPaymentTransactionIs404() throws {
        try harness.assertError(try harness.request("POST", "/api/v2/Payment/Transactions/PCI_MVFGGPZR5CADLVRAJVB05QBN3CO90O/cancel", token: token),
                                status: 404, error: "ProductNotFoundException")
        try harness.assertError(try harness.request("GET", "/api/v2/Payment/Transactions/PCI_MVFGGPZR5CADLVRAJVB05QBN3CO90O", token: token),
                                status: 404, error: "ProductNotFoundException")
    }
}
