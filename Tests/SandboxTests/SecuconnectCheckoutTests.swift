import Foundation
import XCTest

/// The hosted checkout page, its redirects, and capture with `/start`.
final class SecuconnectCheckoutTests: SimulatorTestCase {
    func create(autoCapture: Bool = false, extra: String = "") throws -> String {
        try XCTUnwrap(try harness.create(smartTransactionBody(autoCapture: autoCapture, extra: extra), token: token)["id"] as? String)
    }

    func status(_ id: String) throws -> String? { try harness.read(id, token: token)["status"] as? String }

    func testPaymentLinkOpensAPageWithAmountMerchantAndThreeButtons() throws {
        let created = try harness.create(smartTransactionBody(), token: token)
        let id = try XCTUnwrap(created["id"] as? String)
        let link = try XCTUnwrap(URLComponents(string: try XCTUnwrap((created["payment_links"] as? [String: Any])?["paypal"] as? String)))
        XCTAssertEqual(link.path, "/sandbox/secuconnect/pay")
        let reply = try harness.request("GET", "/pay?\(link.percentEncodedQuery ?? "")")
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertTrue(reply.text.contains("44.85 EUR"), reply.text)
        XCTAssertTrue(reply.text.contains("Musterhändler GmbH"))
        XCTAssertTrue(reply.text.contains(#"value="paypal""#))
        for choice in ["approve", "decline", "abort"] {
            XCTAssertTrue(reply.text.contains(#"<form method="post" action="/sandbox/secuconnect/pay/\#(id)/\#(choice)">"#), choice)
        }
    }

    func testCreateResponseReadsInTheSeedsOrder() throws {
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: SeedFixtures.createRequest002, token: token)
        XCTAssertTrue(reply.text.hasPrefix(#"{"object":"smart.transactions","id":"STX_"#), reply.text)
    }

    func testPageForAnUnknownTransactionIs404() throws {
        XCTAssertEqual(try harness.request("GET", "/pay?stx=STX_NOPE").status, 404)
    }

    func testApproveWithoutAutoCaptureRedirectsToSuccessAndIsApproved() throws {
        let id = try create()
        try assertRedirect(id, "approve", to: "https://shop.example.com/SUCCESS")
        let body = try harness.read(id, token: token)
        XCTAssertEqual(body["status"] as? String, "approved")
        XCTAssertEqual(body["payment_method"] as? String, "creditcard")
        XCTAssertEqual((body["transactions"] as? [Any])?.count, 1)
        XCTAssertNotNil(body["updated"] as? String)
    }

    func testStartCapturesAnApprovedTransaction() throws {
        let id = try create()
        _ = try harness.checkout(id, "approve")
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions/\(id)/start", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(try harness.json(reply)["status"] as? String, "ok")
        XCTAssertEqual(try status(id), "ok")
        // A second capture is refused with the documented error body.
        try harness.assertError(try harness.request("POST", "/api/v2/Smart/Transactions/\(id)/start", token: token),
                                status: 409, error: "ProductNotAllowedException")
    }

    func testStartBeforeTheCheckoutIsRefused() throws {
        let id = try create()
        try harness.assertError(try harness.request("POST", "/api/v2/Smart/Transactions/\(id)/start", token: token),
                                status: 409, error: "ProductNotAllowedException")
        XCTAssertEqual(try status(id), "created")
    }

    func testApproveWithAutoCaptureIsOKAtOnce() throws {
        let id = try create(autoCapture: true)
        XCTAssertEqual(try harness.checkout(id, "approve").status, 303)
        XCTAssertEqual(try status(id), "ok")
    }

    func testIntentOrderCapturesAsReceived() throws {
        let body = smartTransactionBody(autoCapture: true).replacingOccurrences(of: #""intent": "sale""#, with: #""intent": "order""#)
        let id = try XCTUnwrap(try harness.create(body, token: token)["id"] as? String)
        _ = try harness.checkout(id, "approve")
        XCTAssertEqual(try status(id), "received")
    }

    func testDeclineRedirectsToErrorAndFails() throws {
        let id = try create()
        try assertRedirect(id, "decline", to: "https://shop.example.com/FAILURE")
        XCTAssertEqual(try status(id), "failed")
    }

    func testAbortRedirectsToAbortAndLeavesTheTransactionPayable() throws {
        let id = try create()
        try assertRedirect(id, "abort", to: "https://shop.example.com/ABORT")
        let body = try harness.read(id, token: token)
        XCTAssertEqual(body["status"] as? String, "created")
        XCTAssertEqual((body["transactions"] as? [Any])?.count, 0)
        XCTAssertEqual(try harness.checkout(id, "approve").status, 303)
        XCTAssertEqual(try status(id), "approved")
    }

    func testASecondCheckoutIsRefused() throws {
        let id = try create()
        _ = try harness.checkout(id, "approve")
        XCTAssertEqual(try harness.checkout(id, "decline").status, 409)
        XCTAssertEqual(try status(id), "approved")
        let page = try harness.request("GET", "/pay?stx=\(id)")
        XCTAssertEqual(page.status, 200)
        XCTAssertFalse(page.text.contains("<form"))
        XCTAssertTrue(page.text.contains("<b>approved</b>"))
    }

    func testURLFailureSetsErrorAndAbort() throws {
        let body = smartTransactionBody().replacingOccurrences(of: #""url_error": "https://shop.example.com/FAILURE", "url_abort": "https://shop.example.com/ABORT""#,
                                                            with: #""url_failure": "https://shop.example.com/FAIL""#)
        let created = try harness.create(body, token: token)
        let id = try XCTUnwrap(created["id"] as? String)
        let urls = try XCTUnwrap((created["application_context"] as? [String: Any])?["return_urls"] as? [String: String])
        XCTAssertEqual(urls, ["url_success": "https://shop.example.com/SUCCESS", "url_error": "https://shop.example.com/FAIL",
                              "url_abort": "https://shop.example.com/FAIL"])
        XCTAssertEqual(try harness.checkout(id, "abort").header("Location"), "https://shop.example.com/FAIL")
    }

    func testPaymentMethodsLimitTheLinksAndTheCheckout() throws {
        let created = try harness.create(smartTransactionBody(extra: "").replacingOccurrences(of: #""auto_capture": false"#,
            with: #""auto_capture": false, "payment_methods": ["paypal", "debit"]"#), token: token)
        let id = try XCTUnwrap(created["id"] as? String)
        XCTAssertEqual(Set((created["payment_links"] as? [String: Any])?.keys.map { $0 } ?? []), ["paypal", "debit", "general"])
        XCTAssertEqual(try harness.checkout(id, "approve", method: "creditcard").status, 400)
        XCTAssertEqual(try harness.checkout(id, "approve", method: "debit").status, 303)
    }

    func testAbortOrderFailsACreatedOrApprovedTransactionButNotACapturedOne() throws {
        let created = try create()
        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions/\(created)/abort", token: token).status, 200)
        XCTAssertEqual(try status(created), "failed")
        XCTAssertEqual(try harness.checkout(created, "approve").status, 409)

        let approved = try create()
        _ = try harness.checkout(approved, "approve")
        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions/\(approved)/abort", token: token).status, 200)
        XCTAssertEqual(try status(approved), "failed")

        let captured = try create(autoCapture: true)
        _ = try harness.checkout(captured, "approve")
        try harness.assertError(try harness.request("POST", "/api/v2/Smart/Transactions/\(captured)/abort", token: token),
                                status: 409, error: "ProductNotAllowedException")
        XCTAssertEqual(try status(captured), "ok")
    }
}
