import Foundation
import JSON
@testable import KassaService
import Payments
import XCTest

/// The service's orchestration around a scripted provider, over real sockets: idempotency,
/// provider errors, `needs_sync`, capabilities, the paid-order rule.
final class OrchestrationTests: ScriptedProviderTestCase {
    func testCreatedCheckoutCarriesKassaReturnAndPushURLs() async throws {
        try start()
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        XCTAssertTrue(id.hasPrefix("chk_"))
        XCTAssertEqual(created.text("status"), "pending")
        XCTAssertEqual(created.at("needs_sync"), .bool(false))
        XCTAssertEqual(created.at("next_action.type"), "redirect")
        let request = try XCTUnwrap(provider.lastRequest)
        XCTAssertEqual(request.returnURLs.success, "\(harness.base)/v1/return/secuconnect/\(id)?outcome=success")
        XCTAssertEqual(request.returnURLs.cancel, "\(harness.base)/v1/return/secuconnect/\(id)?outcome=abort")
        XCTAssertEqual(request.notificationURL, "\(harness.base)/v1/webhooks/secuconnect?checkout=\(id)")
        XCTAssertEqual(request.order.items.count, 2)
    }

    func testIdempotentReplayReturnsIdenticalBodyAndReuseIs422() async throws {
        try start()
        let body = checkoutBody()
        let first = try await harness.send("POST", "/v1/checkouts", body: body, headers: [("Idempotency-Key", "key-1")])
        XCTAssertEqual(first.status, 201)
        // Same JSON, different whitespace: still a replay.
        let second = try await harness.send("POST", "/v1/checkouts", body: body.replacingOccurrences(of: "\n", with: " "),
                                            headers: [("Idempotency-Key", "key-1")])
        XCTAssertEqual(second.status, 201)
        XCTAssertEqual(second.body, first.body)
        XCTAssertEqual(second.headers["Idempotent-Replayed"], "true")
        XCTAssertEqual(provider.createCalls, 1, "a replay never reaches the provider")
        let reused = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), headers: [("Idempotency-Key", "key-1")], expect: 422)
        XCTAssertEqual(reused.text("code"), "idempotency_key_reused")
        XCTAssertEqual(provider.createCalls, 1)
    }

    func testPaidOrderRefusesANewAttemptWith409() async throws {
        try start()
        let body = checkoutBody(reference: "order_paid_1")
        let created = try await harness.json("POST", "/v1/checkouts", body: body, expect: 201)
        provider.script(status: .success(ProviderStatus(providerStatus: "ok", status: .paid)))
        let refreshed = try await harness.json("POST", "/v1/checkouts/\(created.text("id")!)/refresh", expect: 200)
        XCTAssertEqual(refreshed.text("status"), "paid")
        let conflict = try await harness.json("POST", "/v1/checkouts", body: body, expect: 409)
        XCTAssertEqual(conflict.text("code"), "order_already_paid")
        let order = try await harness.json("GET", "/v1/orders/order_paid_1", expect: 200)
        XCTAssertEqual(order.text("status"), "paid")
        XCTAssertEqual(order["attempts"]?.arrayValue?.count, 1)
    }

    func testNoAnswerFromProviderLeavesNeedsSyncNotFailed() async throws {
        try start()
        provider.script(create: .failure(.outcomeUnknown("timed out after send")))
        let body = checkoutBody()
        let first = try await harness.send("POST", "/v1/checkouts", body: body, headers: [("Idempotency-Key", "k-ns")])
        XCTAssertEqual(first.status, 202)
        let created = try JSONValue.parse(first.body)
        XCTAssertEqual(created.at("needs_sync"), .bool(true))
        XCTAssertEqual(created.text("status"), "created")
        let id = try XCTUnwrap(created.text("id"))
        let stored = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(stored.at("needs_sync"), .bool(true))
        XCTAssertEqual(stored["history"]?.arrayValue?.compactMap { $0.text("type") }, ["created", "needs_sync"])
        // The replay answers the same; the provider is not called again (never retried blindly).
        let replay = try await harness.send("POST", "/v1/checkouts", body: body, headers: [("Idempotency-Key", "k-ns")])
        XCTAssertEqual(replay.status, 202)
        XCTAssertEqual(replay.body, first.body)
        XCTAssertEqual(provider.createCalls, 1)
    }

    func testProviderRejectionFailsTheCheckoutWith502AndSupportID() async throws {
        try start()
        provider.script(create: .failure(.rejected("contract not allowed", httpStatus: 400, providerCode: "1001", supportID: "sup-77")))
        let problem = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 502)
        XCTAssertEqual(problem.text("code"), "provider_rejected")
        XCTAssertEqual(problem.text("provider_code"), "1001")
        XCTAssertEqual(problem.text("support_id"), "sup-77")
        let id = try XCTUnwrap(problem.text("checkout_id"))
        let stored = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(stored.text("status"), "failed")
        XCTAssertEqual(stored.at("needs_sync"), .bool(false))
    }

    func testProviderInvalidRequestIs422WithItsField() async throws {
        try start()
        provider.script(create: .failure(.invalidRequest("required by secuconnect", field: "customer.address.city")))
        let problem = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 422)
        XCTAssertEqual(problem["errors"]?[0]?.text("field"), "customer.address.city")
    }

    func testUnsupportedOperationIs422WithWhatToDo() async throws {
        try start(capabilities: .init(canCapture: false, canCancel: false, canRefund: true, canRefundPartially: false))
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        let capture = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 422)
        XCTAssertEqual(capture.text("code"), "operation_not_supported")
        XCTAssertTrue(capture.text("detail")?.contains("back office") ?? false)
        let cancel = try await harness.json("POST", "/v1/checkouts/\(id)/cancel", expect: 422)
        XCTAssertEqual(cancel.text("code"), "operation_not_supported")
        provider.script(status: .success(ProviderStatus(providerStatus: "ok", status: .paid)))
        try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        let partial = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 100}"#, expect: 422)
        XCTAssertEqual(partial.text("code"), "operation_not_supported")
        let tooMuch = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 999999}"#, expect: 422)
        XCTAssertEqual(tooMuch["errors"]?[0]?.text("field"), "amount")
    }

    func testEventsArePagedInOrder() async throws {
        try start()
        for _ in 0..<3 { try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201) }
        let page = try await harness.json("GET", "/v1/events?after=0&limit=4", expect: 200)
        let events = try XCTUnwrap(page["events"]?.arrayValue)
        XCTAssertEqual(events.count, 4)
        let sequences = events.compactMap { $0["sequence"]?.int64Value }
        XCTAssertEqual(sequences, sequences.sorted())
        let next = try XCTUnwrap(page["next_after"]?.int64Value)
        let rest = try await harness.json("GET", "/v1/events?after=\(next)", expect: 200)
        XCTAssertEqual(rest["events"]?.arrayValue?.count, 2)
    }
}
