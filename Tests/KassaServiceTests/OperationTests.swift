import Foundation
import JSON
@testable import KassaService
import Payments
import XCTest

/// Capture, cancel and refund as operations with saved ids, over real sockets around a
/// scripted provider: the id stored before the call, reused by a retry after an unknown
/// outcome, `Idempotency-Key` on every POST that moves money, the provider's own advice.
final class OperationTests: ScriptedProviderTestCase {
    /// A checkout the scripted provider reports `paid`.
    private func paidCheckout() async throws -> String {
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        provider.script(status: .success(ProviderStatus(providerStatus: "ok", status: .paid)))
        try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        return id
    }

    private static func refunded(_ total: Int64) -> Result<OperationResult, ProviderError> {
        .success(OperationResult(status: ProviderStatus(providerStatus: "refunded", status: total >= 4485 ? .refunded : .partiallyRefunded,
                                                        refundedAmount: Money(minorUnits: total, currency: .eur)),
                                 providerReference: "RF_\(total)"))
    }

    func testTheSameRefundSentTwiceWithOneKeyRefundsOnce() async throws {
        try start()
        let id = try await paidCheckout()
        provider.script(operation: Self.refunded(1000))
        let key = [("Idempotency-Key", "refund-1")]
        let first = try await harness.send("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 1000}"#, headers: key)
        let second = try await harness.send("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount":1000}"#, headers: key)
        XCTAssertEqual(first.status, 200, first.bodyText)
        XCTAssertEqual(second.status, 200)
        XCTAssertEqual(second.body, first.body)
        XCTAssertEqual(second.headers["Idempotent-Replayed"], "true")
        XCTAssertEqual(provider.operations.count, 1, "the provider was asked once")
        let refund = try JSONValue.parse(first.body)
        XCTAssertTrue(refund.text("id")?.hasPrefix("re_") ?? false)
        XCTAssertEqual(refund.text("provider_reference"), "RF_1000")
        XCTAssertEqual(refund.text("id"), provider.operations.first?.id.rawValue, "the provider got the stored id")
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout["refunded_amount"]?.int64Value, 1000)
        XCTAssertEqual(checkout["refunds"]?.arrayValue?.count, 1)
        // The same key with another body is refused, and nothing is sent.
        let reused = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 2000}"#, headers: key, expect: 422)
        XCTAssertEqual(reused.text("code"), "idempotency_key_reused")
        XCTAssertEqual(provider.operations.count, 1)
    }

    func testARetryAfterAnUnknownOutcomeReusesTheOperationID() async throws {
        try start()
        let id = try await paidCheckout()
        provider.script(operation: .failure(.outcomeUnknown("timed out after sending")))
        let key = [("Idempotency-Key", "refund-unknown")]
        let unknown = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 500}"#, headers: key, expect: 202)
        XCTAssertEqual(unknown.text("status"), "unknown")
        XCTAssertEqual(unknown.at("checkout.needs_sync"), .bool(true))
        provider.script(operation: Self.refunded(500))
        let retried = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 500}"#, headers: key, expect: 200)
        XCTAssertEqual(retried.text("id"), unknown.text("id"))
        XCTAssertEqual(retried.text("status"), "succeeded")
        let sent = provider.operations
        XCTAssertEqual(sent.count, 2)
        XCTAssertEqual(sent.map(\.id), [sent[0].id, sent[0].id], "the same id both times")
        XCTAssertEqual(sent.map(\.isRetry), [false, true])
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout["refunds"]?.arrayValue?.count, 1, "one refund, not two")
        XCTAssertEqual(checkout["refunded_amount"]?.int64Value, 500)
    }

    func testARefreshThatShowsTheRefundResolvesTheUnknownOperation() async throws {
        try start()
        let id = try await paidCheckout()
        provider.script(operation: .failure(.outcomeUnknown("timed out after sending")))
        let unknown = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 500}"#, expect: 202)
        XCTAssertEqual(unknown.text("status"), "unknown")
        // The provider did refund: the next read says so, and the refund row follows.
        provider.script(status: .success(ProviderStatus(providerStatus: "ok", status: .partiallyRefunded,
                                                        refundedAmount: Money(minorUnits: 500, currency: .eur))))
        let refreshed = try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        XCTAssertEqual(refreshed.at("needs_sync"), .bool(false))
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout["refunds"]?.arrayValue?.map { $0.text("status") }, ["succeeded"])
        XCTAssertEqual(provider.operations.count, 1, "resolved without a second call")
    }

    func testACaptureRetriedWithoutAKeyReusesTheUnansweredOperation() async throws {
        try start()
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        provider.script(status: .success(ProviderStatus(providerStatus: "approved", status: .authorized)))
        try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        provider.script(operation: .failure(.outcomeUnknown("connection lost")))
        try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 202)
        provider.script(operation: .success(OperationResult(status: ProviderStatus(providerStatus: "ok", status: .paid))))
        let captured = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 200)
        XCTAssertEqual(captured.text("status"), "paid")
        let sent = provider.operations
        XCTAssertEqual(sent.count, 2)
        XCTAssertEqual(sent[1].id, sent[0].id)
        XCTAssertTrue(sent[0].id.rawValue.hasPrefix("op_"))
    }

    func testCaptureAndCancelHonourIdempotencyKeys() async throws {
        try start()
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        provider.script(operation: .success(OperationResult(status: ProviderStatus(providerStatus: "canceled", status: .canceled))))
        let key = [("Idempotency-Key", "cancel-1")]
        let first = try await harness.send("POST", "/v1/checkouts/\(id)/cancel", headers: key)
        let second = try await harness.send("POST", "/v1/checkouts/\(id)/cancel", headers: key)
        XCTAssertEqual(first.status, 200, first.bodyText)
        XCTAssertEqual(second.body, first.body)
        XCTAssertEqual(second.headers["Idempotent-Replayed"], "true")
        XCTAssertEqual(provider.operations.count, 1)
        // The key is scoped to its request: the same key on a capture of the same checkout is a different request.
        let capture = try await harness.json("POST", "/v1/checkouts/\(id)/capture", headers: key, expect: 422)
        XCTAssertEqual(capture.text("code"), "idempotency_key_reused")
    }

    func testAFailedRefundIsStoredFailedAndAnswered502() async throws {
        try start()
        let id = try await paidCheckout()
        provider.script(operation: .failure(.rejected("declined", httpStatus: 400)))
        try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 100}"#, expect: 502)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout["refunds"]?.arrayValue?.first?.text("status"), "failed")
        XCTAssertEqual(checkout["refunded_amount"]?.int64Value, 0)
    }

    func testAnUnsupportedOperationAnswersTheProvidersOwnAdvice() async throws {
        let advice = "recredit the virtual card from the Pledg back office"
        try start(capabilities: .init(canCapture: true, canCancel: true, canRefund: false, canRefundPartially: false,
                                      hints: [.refund: advice]))
        let id = try await paidCheckout()
        let problem = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", expect: 422)
        XCTAssertEqual(problem.text("code"), "operation_not_supported")
        XCTAssertEqual(problem.text("detail"), advice)
        XCTAssertTrue(provider.operations.isEmpty)
    }
}
