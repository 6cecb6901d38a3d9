import Foundation
import KassaTestSupport
import Sandbox
import XCTest

/// The widget stand-in: `smp-bundle.js`, the card form, and each outcome as Get Payment Status
/// then shows it (seed 001: "verify with Get Payment Status").
final class SmartPayWidgetTests: SmartPayTestCase {
    private func paid(_ outcome: String, file: StaticString = #filePath, line: UInt = #line) throws -> (id: String, data: [String: Any]) {
        let (id, token) = try harness.create()
        let reply = try harness.pay(token, outcome)
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        let body = try harness.json(reply)
        XCTAssertEqual(body["handler"] as? String, "success", file: file, line: line)
        return (id, try XCTUnwrap(body["data"] as? [String: Any], file: file, line: line))
    }

    private func status(_ id: String) throws -> String? { try harness.status(id)["paymentStatus"] as? String }

    func testAuthorizeCompletesTheAuthorization() throws {
        let (id, data) = try paid("authorize")
        XCTAssertEqual(data["kind"] as? String, "CALLBACK")
        XCTAssertEqual(data["transactionId"] as? String, id)
        XCTAssertEqual(data["transactionStatus"] as? String, "AUTHORIZATION_COMPLETED")
        XCTAssertNotNil(data["message"] as? String)
        XCTAssertEqual(try status(id), "AUTHORIZATION_COMPLETED")
        XCTAssertEqual((try harness.status(id)["transactionOverview"] as? [String: Any])?["paymentMethod"] as? String, "CARDS")
    }

    func testCaptureCapturesAtOnce() throws {
        let (id, data) = try paid("capture")
        XCTAssertEqual(data["transactionStatus"] as? String, "CAPTURED")
        XCTAssertEqual(try status(id), "CAPTURED")
    }

    /// PROVIDERS.md B: `successHandler` fires on unsuccessful completion too.
    func testDeclineCallsTheSuccessHandlerWithTheFailedStatus() throws {
        let (id, data) = try paid("decline")
        XCTAssertEqual(data["transactionStatus"] as? String, "AUTHORIZATION_FAILED")
        XCTAssertEqual(try status(id), "AUTHORIZATION_FAILED")
    }

    func testPendingThenCaptureResolvesOnTheThirdRead() throws {
        let (id, data) = try paid("pending_then_capture")
        XCTAssertEqual(data["transactionStatus"] as? String, "AUTHORIZATION_PENDING")
        XCTAssertEqual(try status(id), "AUTHORIZATION_PENDING")
        XCTAssertEqual(try status(id), "AUTHORIZATION_PENDING")
        XCTAssertEqual(try status(id), "CAPTURED")
        XCTAssertEqual(try status(id), "CAPTURED")
    }

    func testPendingForeverStaysPending() throws {
        let (id, _) = try paid("pending_forever")
        for _ in 0..<6 { XCTAssertEqual(try status(id), "AUTHORIZATION_PENDING") }
    }

    func testExpiredCheckoutTokenIsACheckoutTimeout() throws {
        let (id, token) = try harness.create()
        harness.clock.advance(seconds: 1800)
        let reply = try harness.pay(token, "capture")
        XCTAssertEqual(reply.status, 410, reply.text)
        let body = try harness.json(reply)
        XCTAssertEqual(body["handler"] as? String, "error")
        XCTAssertEqual(body["errorCode"] as? String, "ERROR_CHECKOUT_TIMEOUT")
        XCTAssertEqual(try status(id), "CREATED")
        XCTAssertTrue(try harness.request("GET", "/widget?checkoutToken=\(token)", authorization: nil).text.contains("ERROR_CHECKOUT_TIMEOUT"))
    }

    func testAPaymentIsMadeOnce() throws {
        let (_, token) = try harness.create()
        XCTAssertEqual(try harness.pay(token, "authorize").status, 200)
        let again = try harness.pay(token, "capture")
        XCTAssertEqual(again.status, 409, again.text)
        XCTAssertEqual(try harness.json(again)["errorCode"] as? String, "ERR_PAYMENT_CALLBACK")
    }

    func testUnknownTokenAndOutcomeAreInvalidInput() throws {
        for reply in [try harness.pay("nope", "capture"), try harness.pay(try harness.create().token, "explode")] {
            XCTAssertEqual(reply.status, 400, reply.text)
            XCTAssertEqual(try harness.json(reply)["errorCode"] as? String, "ERROR_INVALID_INPUT")
        }
    }

    func testOpeningTheCardFormInitializesTheAuthorization() throws {
        let (id, token) = try harness.create()
        let page = try harness.request("GET", "/widget?checkoutToken=\(token)", authorization: nil)
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertTrue(page.text.contains("10.99 EUR"), page.text)
        XCTAssertTrue(page.text.contains(#"action="/sandbox/smartpay/widget/payments""#), page.text)
        for outcome in ["authorize", "capture", "decline", "pending_then_capture", "pending_forever"] {
            XCTAssertTrue(page.text.contains(#"value="\#(outcome)""#), outcome)
        }
        // Seed's spelling, PROVIDERS.md B.
        XCTAssertEqual(try status(id), "AUTORIZATION_INITIALIZED")
    }

    func testTheCardFormWorksWithoutScript() throws {
        let (id, token) = try harness.create()
        let reply = try harness.request("POST", "/widget/payments",
                                        body: "checkoutToken=\(token)&cardNumber=4111111111111111&expiry=12%2F30&cvc=123&outcome=capture",
                                        authorization: nil, contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(reply.status, 200)
        XCTAssertTrue(reply.text.contains("CAPTURED"), reply.text)
        XCTAssertFalse(reply.text.contains("4111111111111111"))
        XCTAssertEqual(try status(id), "CAPTURED")
        XCTAssertFalse(try harness.request("GET", "/payment/status/\(id)").text.contains("4111"))
    }

    func testBundleDefinesRenderWidgetAndAddressesTheForm() throws {
        let reply = try harness.request("GET", "/smp-bundle.js", authorization: nil)
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.header("Content-Type"), "application/javascript; charset=utf-8")
        for needle in ["window.SmpLibrary = { SmartPayAppInstance: app }", "function renderWidget(options)", "selector-container",
                       "options.successHandler(message.data)", "options.errorHandler(code, message)",
                       #"var base = "http://127.0.0.1:8080/sandbox/smartpay";"#, "/widget?checkoutToken="] {
            XCTAssertTrue(reply.text.contains(needle), needle)
        }
    }

    func testPlayDrivesTheSameFunnel() async throws {
        XCTAssertEqual(harness.simulator.testOutcomes, ["authorize", "capture", "decline", "pending_then_capture", "pending_forever"])
        let (id, token) = try harness.create()
        try await harness.simulator.play("authorize", on: SimulatedPayment(checkoutID: "chk_1", orderReference: "o", providerReference: id,
                                                                          providerData: [:], nextActionURL: nil))
        XCTAssertEqual(try status(id), "AUTHORIZATION_COMPLETED")
        // Found by the checkout token the adapter kept when the reference is unknown.
        let (other, otherToken) = try harness.create()
        try await harness.simulator.play("decline", on: SimulatedPayment(checkoutID: "chk_2", orderReference: "o", providerReference: nil,
                                                                        providerData: ["checkout_token": otherToken], nextActionURL: nil))
        XCTAssertEqual(try status(other), "AUTHORIZATION_FAILED")
        do {
            try await harness.simulator.play("capture", on: SimulatedPayment(checkoutID: "chk_1", orderReference: "o", providerReference: id,
                                                                            providerData: ["checkout_token": token], nextActionURL: nil))
            XCTFail("a paid transaction was paid again")
        } catch {
            XCTAssertTrue(error.message.contains("ERR_PAYMENT_CALLBACK"), error.message)
        }
        do {
            try await harness.simulator.play("approve", on: SimulatedPayment(checkoutID: "chk_1", orderReference: "o", providerReference: id,
                                                                            providerData: [:], nextActionURL: nil))
            XCTFail("an unknown outcome was played")
        } catch {
            XCTAssertTrue(error.message.contains("pending_forever"), error.message)
        }
    }

    func testPlayFindsTheTransactionByPartnerReference() async throws {
        let body = SmartPaySeedFixtures.createRequest.replacingOccurrences(of: #""payment": {"#, with: #""partnerReference": "chk_77", "payment": {"#)
        let (id, _) = try harness.create(body)
        try await harness.simulator.play("capture", on: SimulatedPayment(checkoutID: "chk_77", orderReference: "o", providerReference: nil,
                                                                        providerData: [:], nextActionURL: nil))
        XCTAssertEqual(try status(id), "CAPTURED")
        do {
            try await harness.simulator.play("capture", on: SimulatedPayment(checkoutID: "chk_78", orderReference: "o", providerReference: nil,
                                                                            providerData: [:], nextActionURL: nil))
            XCTFail("an unknown checkout was played")
        } catch {
            XCTAssertTrue(error.message.contains("chk_78"), error.message)
        }
    }
}
