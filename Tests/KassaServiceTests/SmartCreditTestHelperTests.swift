import Foundation
import JSON
@testable import KassaService
import XCTest

/// SmartCredit through the sandbox test helper (`POST /v1/checkouts/{id}/simulate`): each
/// outcome is played on the simulator's journey, and Kassa learns it only by polling — there are
/// no notifications — with the reconciler on a moved clock.
final class SmartCreditTestHelperTests: XCTestCase {
    var harness: ServiceHarness!
    let clock = MovableClock()

    override func setUp() async throws {
        var options = KassaService.Options()
        options.clock = clock.read
        options.reconcilesInBackground = false
        harness = try ServiceHarness(options: options)
    }

    override func tearDown() async throws { await harness?.shutdown() }

    /// Creates a checkout, plays `outcome`, and polls until the status stops changing; answers
    /// the statuses seen after each poll.
    private func play(_ outcome: String, method: String) async throws -> (id: String, statuses: [String]) {
        let created = try await harness.json("POST", "/v1/checkouts", body: smartCreditBody(method: method), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        let played = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"\#(outcome)"}"#, expect: 202)
        XCTAssertEqual(played.text("outcome"), outcome)
        // Nothing is learned before a read: SmartCredit does not notify.
        let before = try await status(id)
        XCTAssertEqual(before, "pending")
        var statuses: [String] = []
        for _ in 0..<4 {
            clock.advance(seconds: 16 * 60)
            await harness.service.reconcile()
            statuses.append(try await status(id))
        }
        return (id, statuses)
    }

    private func status(_ id: String) async throws -> String {
        try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200).text("status") ?? ""
    }

    func testEveryOutcomeReachesItsStatusByPolling() async throws {
        let expected: [(String, String, String)] = [
            ("accept", "REVOLVINGPOS", "paid"), ("accept", "FRF_3X", "paid"),
            ("pre_accept", "FRF_4X", "authorized"), ("reject", "FRF_3X_F", "failed"), ("abort", "REVOLVINGPOS", "failed"),
        ]
        for (outcome, method, final) in expected {
            let (id, statuses) = try await play(outcome, method: method)
            XCTAssertEqual(statuses.last, final, "\(outcome) \(method): \(statuses)")
            let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
            XCTAssertEqual(checkout.at("needs_sync"), .bool(false))
            XCTAssertTrue(checkout["history"]?.arrayValue?.contains { $0.text("source") == "poll" } ?? false, "\(checkout)")
        }
    }

    func testPreAcceptThenAcceptIsAuthorizedFirstThenPaid() async throws {
        let (id, statuses) = try await play("pre_accept_then_accept", method: "REVOLVINGPOS")
        XCTAssertEqual(statuses.first, "authorized", "PRE-ACCEPTED on the first poll: \(statuses)")
        XCTAssertEqual(statuses.last, "paid", "\(statuses)")
        let history = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)["history"]?.arrayValue ?? []
        // Transitions only: the pre-acceptance also records its notice (smartcredit.manual_release_required).
        XCTAssertEqual(history.filter { $0.text("source") == "poll" && $0.text("type") == "transition" }.compactMap { $0.text("provider_status") },
                       ["PRE-ACCEPTED", "ACCEPTED"])
    }

    func testAnUnknownOutcomeListsSmartCreditsOwn() async throws {
        let created = try await harness.json("POST", "/v1/checkouts", body: smartCreditBody(method: "FRF_3X"), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        let problem = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"approve"}"#, expect: 422)
        XCTAssertTrue(problem["errors"]?.arrayValue?.first?.text("message")?
            .contains("accept, pre_accept_then_accept, pre_accept, reject, abort") ?? false, "\(problem)")
    }
}
