import Foundation
import JSON
@testable import KassaService
import Payments
import XCTest

/// Capture and refunds check in the order the OpenAPI document promises: the body's own rules
/// (422), then what the checkout's status allows (409), and only then the amount against the
/// checkout's figures (422 at `amount`, the one rule no schema can state). Over real sockets,
/// around a scripted provider.
final class OperationRulesTests: ScriptedProviderTestCase {
    override func setUp() async throws { try start() }

    /// A new checkout (4485) brought to `status` by a refresh.
    private func checkout(in status: Checkout.Status, refunded: Int64 = 0) async throws -> String {
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        provider.script(status: .success(ProviderStatus(providerStatus: status.rawValue, status: status,
                                                         refundedAmount: Money(minorUnits: refunded, currency: .eur))))
        let refreshed = try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        XCTAssertEqual(refreshed.text("status"), status.rawValue)
        return id
    }

    func testCaptureOfAPendingCheckoutIs409WhateverTheAmount() async throws {
        let id = try await checkout(in: .pending)
        for body in [#"{"amount": 999999}"#, #"{"amount": 1}"#, ""] {
            let problem = try await harness.json("POST", "/v1/checkouts/\(id)/capture", body: body, expect: 409)
            XCTAssertEqual(problem.text("code"), "invalid_status", body)
            XCTAssertEqual(problem.text("checkout_status"), "pending", body)
        }
    }

    func testRefundOfARefundedCheckoutIs409WhateverTheAmount() async throws {
        let id = try await checkout(in: .refunded, refunded: 4485)
        for body in [#"{"amount": 1}"#, #"{"amount": 4485}"#, ""] {
            let problem = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: body, expect: 409)
            XCTAssertEqual(problem.text("code"), "invalid_status", body)
            XCTAssertEqual(problem.text("checkout_status"), "refunded", body)
        }
    }

    func testAnAmountAboveWhatTheCheckoutLeavesIs422AtAmount() async throws {
        let authorized = try await checkout(in: .authorized)
        let capture = try await harness.json("POST", "/v1/checkouts/\(authorized)/capture", body: #"{"amount": 4486}"#, expect: 422)
        XCTAssertEqual(capture["errors"]?[0]?.text("field"), "amount")
        XCTAssertEqual(capture["errors"]?[0]?.text("message"), "must not exceed 4485, the authorized amount")
        let partly = try await checkout(in: .partiallyRefunded, refunded: 4000)
        let refund = try await harness.json("POST", "/v1/checkouts/\(partly)/refunds", body: #"{"amount": 486}"#, expect: 422)
        XCTAssertEqual(refund["errors"]?[0]?.text("message"), "must not exceed 485, the amount not refunded yet")
    }

    func testTheBodysOwnRulesComeBeforeTheStatus() async throws {
        let id = try await checkout(in: .pending)
        let cases: [(path: String, body: String, field: String)] = [
            ("capture", #"{"amount": 0}"#, "amount"),
            ("capture", #"{"amount": "1"}"#, "amount"),
            ("capture", #"{"amount": 44.85}"#, "amount"),
            ("capture", #"{"amount": 100000000000}"#, "amount"),
            ("refunds", #"{"reason": "Rückgabe"}"#, "reason"),
            ("refunds", #"{"reason": "a\nb"}"#, "reason"),
            ("refunds", "{\"reason\": \"\(String(repeating: "x", count: 101))\"}", "reason"),
            ("refunds", #"{"amount": -1, "reason": 5}"#, "amount"),
        ]
        for (path, body, field) in cases {
            let problem = try await harness.json("POST", "/v1/checkouts/\(id)/\(path)", body: body, expect: 422)
            XCTAssertEqual(problem.text("code"), "validation_error", body)
            XCTAssertEqual(problem["errors"]?[0]?.text("field"), field, body)
        }
        let max = try await harness.json("POST", "/v1/checkouts/\(id)/capture", body: #"{"amount": 100000000000}"#, expect: 422)
        XCTAssertEqual(max["errors"]?[0]?.text("message"), "must not exceed \(harness.service.configuration.checkout.maxAmount)")
    }

    /// JSON Schema's `integer` is any number with a zero fraction, and `null` is absent.
    func testAnIntegralAmountWithAFractionAndNullMembersAreAccepted() async throws {
        let authorized = try await checkout(in: .authorized)
        provider.script(status: .success(ProviderStatus(providerStatus: "paid", status: .paid)))
        let captured = try await harness.json("POST", "/v1/checkouts/\(authorized)/capture", body: #"{"amount": 4485.0}"#, expect: 200)
        XCTAssertEqual(captured.text("status"), "paid")
        provider.script(status: .success(ProviderStatus(providerStatus: "refunded", status: .refunded,
                                                         refundedAmount: Money(minorUnits: 4485, currency: .eur))))
        let refunded = try await harness.json("POST", "/v1/checkouts/\(authorized)/refunds", body: #"{"amount": null, "reason": null}"#,
                                              expect: 200)
        // The answer is the refund, with the checkout afterwards.
        XCTAssertEqual(refunded.text("status"), "succeeded")
        XCTAssertEqual(refunded.text("checkout.status"), "refunded")
    }
}
