import Foundation
import KassaTestSupport
import Sandbox
import XCTest

/// The sandbox test helper's outcomes (DESIGN.md): played on the simulator's journey funnel,
/// learnt afterwards by reading the application.
final class SmartCreditOutcomeTests: SmartCreditTestCase {
    func testOutcomesAreTheDocumentedOnes() {
        XCTAssertEqual(harness.simulator.testOutcomes, ["accept", "pre_accept_then_accept", "pre_accept", "reject", "abort"])
    }

    /// Each outcome on each journey, found by `orderId` (the checkout id), with the statuses
    /// successive reads see.
    func testEachOutcomeOnEachJourney() async throws {
        let expected: [(String, String, [String])] = [
            ("accept", "FRF_3X", ["ACCEPTED", "ACCEPTED"]),
            ("accept", "REVOLVINGPOS", ["ACCEPTED", "ACCEPTED"]),
            ("pre_accept_then_accept", "FRF_4X", ["PRE-ACCEPTED", "ACCEPTED", "ACCEPTED"]),
            ("pre_accept_then_accept", "REVOLVINGPOS", ["PRE-ACCEPTED", "KYC SUCCESSFUL", "ACCEPTED", "ACCEPTED"]),
            ("pre_accept", "REVOLVINGPOS", ["PRE-ACCEPTED", "PRE-ACCEPTED", "PRE-ACCEPTED"]),
            ("reject", "FRF_3X_F", ["REJECTED", "REJECTED"]),
            ("abort", "REVOLVINGPOS", ["ABORTED", "ABORTED"]),
        ]
        for (index, (outcome, mean, statuses)) in expected.enumerated() {
            let checkoutID = "chk_\(index)"
            _ = try harness.initialize(smartCreditApplication(orderID: checkoutID, paymentMean: mean), token: token)
            try await harness.simulator.play(outcome, on: payment(checkoutID))
            let seen = try statuses.indices.map { _ in try harness.search(orderID: checkoutID, token: token).first?["status"] as? String ?? "" }
            XCTAssertEqual(seen, statuses, "\(outcome) on \(mean)")
        }
    }

    /// Found by the provider reference (application id), or by the journey URL's
    /// `auxiliaryDataId` when Kassa knows neither the id nor sent its checkout id.
    func testApplicationFoundByReferenceOrJourneyURL() async throws {
        _ = try harness.initialize(smartCreditApplication(orderID: "order-A"), token: token)
        let id = try harness.applicationID(orderID: "order-A", token: token)
        try await harness.simulator.play("reject", on: SimulatedPayment(checkoutID: "chk_x", orderReference: "ref", providerReference: id,
                                                                       providerData: [:], nextActionURL: nil))
        XCTAssertEqual(try harness.status(id, token: token), "REJECTED")

        let url = try harness.initialize(smartCreditApplication(orderID: "order-B", paymentMean: "REVOLVINGPOS"), token: token)
        try await harness.simulator.play("accept", on: SimulatedPayment(checkoutID: "chk_y", orderReference: "ref", providerReference: nil,
                                                                       providerData: [:], nextActionURL: url))
        XCTAssertEqual(try harness.search(orderID: "order-B", token: token).first?["status"] as? String, "ACCEPTED")
    }

    /// Unknown outcome, unknown payment, or an application already decided: refused.
    func testRefusals() async throws {
        _ = try harness.initialize(smartCreditApplication(orderID: "chk_1"), token: token)
        await assertRefused("capture", on: payment("chk_1"), containing: "unknown outcome")
        await assertRefused("accept", on: payment("chk_unknown"), containing: "no application")
        try await harness.simulator.play("reject", on: payment("chk_1"))
        await assertRefused("accept", on: payment("chk_1"), containing: "REJECTED")
    }

    /// A buyer left at the KYC step: accept finishes it, abort abandons it.
    func testBuyerAtKYCStep() async throws {
        for (order, outcome, status) in [("K1", "accept", "ACCEPTED"), ("K2", "abort", "ABORTED")] {
            let url = try harness.initialize(smartCreditApplication(orderID: order, paymentMean: "REVOLVINGPOS"), token: token)
            let form = try harness.get(url).text
            let action = try XCTUnwrap(SmartCreditJourneyTests.capture(#"action="([^"]+)""#, in: form))
            XCTAssertEqual(try harness.post(action, "decision=accept").status, 303)
            try await harness.simulator.play(outcome, on: payment(order))
            XCTAssertEqual(try harness.search(orderID: order, token: token).first?["status"] as? String, status)
        }
        _ = try harness.initialize(smartCreditApplication(orderID: "K3", paymentMean: "REVOLVINGPOS"), token: token)
        try await harness.simulator.play("pre_accept_then_accept", on: payment("K3"))
        XCTAssertEqual(try harness.search(orderID: "K3", token: token).first?["status"] as? String, "PRE-ACCEPTED")
    }

    private func payment(_ checkoutID: String) -> SimulatedPayment {
        SimulatedPayment(checkoutID: checkoutID, orderReference: "order-\(checkoutID)", providerReference: nil,
                         providerData: [:], nextActionURL: nil)
    }

    private func assertRefused(_ outcome: String, on payment: SimulatedPayment, containing text: String,
                               file: StaticString = #filePath, line: UInt = #line) async {
        do {
            try await harness.simulator.play(outcome, on: payment)
            XCTFail("\(outcome) was played", file: file, line: line)
        } catch {
            XCTAssertTrue(error.message.contains(text), error.message, file: file, line: line)
        }
    }
}
