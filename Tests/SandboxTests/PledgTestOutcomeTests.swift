import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// The sandbox test helper's outcomes (DESIGN.md: complete, refuse, not_eligible, cancel),
/// played through the same funnel as the front page's buttons.
final class PledgTestOutcomeTests: XCTestCase {
    var harness: PledgHarness!

    override func setUp() async throws { harness = try PledgHarness() }
    override func tearDown() async throws { await harness.stop() }

    func payment(_ signature: String?, reference: String = "chk_test_1", data: [String: String] = [:]) -> SimulatedPayment {
        let url = signature.map { "http://127.0.0.1:8080/sandbox/pledg/front/purchases?signature=\($0)" }
        return SimulatedPayment(checkoutID: reference, orderReference: "order_123", providerReference: nil,
                                providerData: data, nextActionURL: url)
    }

    func testOutcomesAreTheDocumentedOnes() async throws {
        // As the service sees it: through the protocol.
        let simulator: any ProviderSimulator = harness.simulator
        XCTAssertEqual(simulator.testOutcomes, ["complete", "refuse", "not_eligible", "cancel"])
        try await simulator.play("cancel", on: payment(harness.sign(harness.settings())))
        XCTAssertEqual(harness.simulator.store.purchase(merchantUID: harness.account(.split).merchantUID, reference: "chk_test_1")?.machine.state,
                       .canceled)
        do {
            try await simulator.play("bad_gateway", on: payment(harness.sign(harness.settings(reference: "chk_2")), reference: "chk_2"))
            XCTFail("bad_gateway is not a test outcome")
        } catch {
            XCTAssertTrue(error.message.contains("complete, refuse, not_eligible, cancel"), error.message)
        }
    }

    func testCompleteSendsTheNotificationOfTheAccountMode() async throws {
        try await harness.simulator.play("complete", on: payment(harness.sign(harness.settings(.installment))))
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 1 })
        XCTAssertNotNil(harness.receiver.notifications[0]["signature"] as? String)
        let purchase = try XCTUnwrap(harness.simulator.store.purchase(merchantUID: harness.account(.installment).merchantUID, reference: "chk_test_1"))
        XCTAssertEqual(purchase.machine.state, .completed)
        // A second play on the completed checkout is refused.
        do {
            try await harness.simulator.play("complete", on: payment(harness.sign(harness.settings(.installment))))
            XCTFail("played twice")
        } catch {
            XCTAssertTrue(error.message.contains("invalid_request_error"), error.message)
        }
    }

    func testTheOtherOutcomesEndThePurchaseWithoutNotification() async throws {
        for (index, outcome) in ["refuse", "not_eligible", "cancel"].enumerated() {
            let reference = "chk_\(index)"
            try await harness.simulator.play(outcome, on: payment(harness.sign(harness.settings(reference: reference)), reference: reference))
            let purchase = harness.simulator.store.purchase(merchantUID: harness.account(.split).merchantUID, reference: reference)
            XCTAssertEqual(purchase?.machine.state.rawValue, outcome == "refuse" ? "refused" : outcome == "cancel" ? "canceled" : outcome)
        }
        usleep(100_000)
        XCTAssertEqual(harness.receiver.attemptCount, 0)
    }

    func testSignatureFromProviderDataAndRefusals() async throws {
        try await harness.simulator.play("cancel", on: payment(nil, data: ["signature": harness.sign(harness.settings())]))
        for (outcome, given, expected) in [("approve", payment(harness.sign(harness.settings())), "outcomes are"),
                                           ("complete", payment(nil), "no Pledg front URL"),
                                           ("complete", payment("garbage"), "invalid_request_error")] {
            do {
                try await harness.simulator.play(outcome, on: given)
                XCTFail(outcome)
            } catch {
                XCTAssertTrue(error.message.contains(expected), error.message)
            }
        }
    }

    func testSignatureIsReadFromTheFrontURL() {
        XCTAssertEqual(PledgSimulator.signature(inURL: "https://x/front/purchases?a=1&signature=abc.def.ghi#top"), "abc.def.ghi")
        XCTAssertNil(PledgSimulator.signature(inURL: "https://x/front/purchases"))
    }
}
