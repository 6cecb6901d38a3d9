import Foundation
import JSON
@testable import KassaService
import XCTest

/// `POST /v1/checkouts/{id}/simulate` (DESIGN.md): the helper plays the buyer on the simulator,
/// and Kassa learns the outcome the way it would in production (here secuconnect's push).
final class SandboxTestHelperTests: XCTestCase {
    var harness: ServiceHarness!

    override func setUp() async throws { harness = try ServiceHarness() }
    override func tearDown() async throws { await harness?.shutdown() }

    private func newCheckout() async throws -> String {
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        return try XCTUnwrap(created.text("id"))
    }

    func testApproveIsLearnedThroughThePushAndPaysTheCheckout() async throws {
        let id = try await newCheckout()
        let played = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"approve"}"#, expect: 202)
        XCTAssertEqual(played.text("outcome"), "approve")
        XCTAssertEqual(played.text("provider"), "secuconnect")
        let paid = try await harness.checkout(id) { $0.text("status") == "paid" }
        let sources = (paid["history"]?.arrayValue ?? []).filter { $0.text("status") == "paid" }.compactMap { $0.text("source") }
        XCTAssertEqual(sources, ["webhook"], "learned through the provider's notification, not written by the helper")
    }

    func testDeclineFailsAndAbortLeavesTheCheckoutPayable() async throws {
        let declined = try await newCheckout()
        _ = try await harness.json("POST", "/v1/checkouts/\(declined)/simulate", body: #"{"outcome":"decline"}"#, expect: 202)
        try await harness.checkout(declined) { $0.text("status") == "failed" }

        let aborted = try await newCheckout()
        _ = try await harness.json("POST", "/v1/checkouts/\(aborted)/simulate", body: #"{"outcome":"abort"}"#, expect: 202)
        // The push of an abandoned checkout says the buyer left (pending at most), never failed.
        let checkout = try await harness.checkout(aborted) { ["created", "pending"].contains($0.text("status")) }
        XCTAssertNotEqual(checkout["next_action"], .null)
        // Still payable: the buyer can come back and approve.
        _ = try await harness.json("POST", "/v1/checkouts/\(aborted)/simulate", body: #"{"outcome":"approve"}"#, expect: 202)
        try await harness.checkout(aborted) { $0.text("status") == "paid" }
    }

    func testAnOutcomeTheProviderCannotPlayIsA422ListingTheOnesItCan() async throws {
        let id = try await newCheckout()
        let problem = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"capture"}"#, expect: 422)
        XCTAssertEqual(problem["errors"]?[0]?.text("field"), "outcome")
        XCTAssertEqual(problem["errors"]?[0]?.text("message"), "secuconnect can play: approve, decline, abort")
        let missing = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{}"#, expect: 422)
        XCTAssertEqual(missing["errors"]?[0]?.text("field"), "outcome")
        _ = try await harness.json("POST", "/v1/checkouts/chk_nothere/simulate", body: #"{"outcome":"approve"}"#, expect: 404)
        _ = try await harness.json("POST", "/v1/checkouts/chk_nothere/simulate", body: #"{}"#, expect: 422)
    }

    func testAFinishedPaymentCannotBePlayedAgain() async throws {
        let id = try await newCheckout()
        _ = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"decline"}"#, expect: 202)
        let refused = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"approve"}"#, expect: 409)
        XCTAssertEqual(refused.text("code"), "simulation_refused")
    }

    func testLiveModeHasNoTestHelper() async throws {
        await harness.shutdown()
        harness = try ServiceHarness(environment: ServiceHarness.liveWithSecuconnectOnly)
        // The public base URL is the shop's domain: the request goes to the bound port itself.
        let response = try await harness.send("POST", "http://127.0.0.1:\(harness.service.port)/v1/checkouts/chk_x/simulate", body: #"{}"#,
                                              headers: [("Authorization", "Bearer sk_live_0123456789abcdef0123")], auth: false)
        // In sandbox mode this body is a 422 (no outcome) before any lookup: a 404 means no route.
        XCTAssertEqual(response.status, 404)
    }
}
