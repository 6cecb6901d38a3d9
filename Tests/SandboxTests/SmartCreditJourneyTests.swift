import Foundation
import KassaTestSupport
import XCTest

/// The buyer's journeys through the simulator's pages (seed 000 steps 4–8) and the statuses
/// the API reads afterwards, changing over later reads.
final class SmartCreditJourneyTests: SmartCreditTestCase {
    static let returnURL = "https://shop.example.com/return?order=ORD229"

    /// The split journey: FranFinance's launch page → application form → decision → back to
    /// `normalReturnUrl`, no KYC step.
    func testSplitJourneyAcceptedWithoutKYC() throws {
        let form = try openFranFinanceForm(orderID: "ORD229")
        let reply = try harness.post(try submitAction(form), "decision=accept")
        XCTAssertEqual(reply.status, 303, reply.text)
        XCTAssertEqual(reply.header("Location"), Self.returnURL)
        XCTAssertEqual(try harness.search(orderID: "ORD229", token: token).first?["status"] as? String, "ACCEPTED")
    }

    /// The credit journey: form → KYC step (PRE-ACCEPTED meanwhile) → identified → back to
    /// the shop, ACCEPTED.
    func testCreditJourneyGoesThroughKYC() throws {
        let form = try openHanseaticForm(orderID: "ORD229")
        let submitted = try harness.post(try submitAction(form), "decision=accept")
        XCTAssertEqual(submitted.status, 303, submitted.text)
        let kycURL = try XCTUnwrap(submitted.header("Location"))
        XCTAssertTrue(kycURL.hasSuffix("/kyc"), kycURL)
        let id = try harness.applicationID(orderID: "ORD229", token: token)
        XCTAssertEqual(try harness.status(id, token: token), "PRE-ACCEPTED")
        let page = try harness.get(kycURL)
        XCTAssertEqual(page.status, 200, page.text)
        let done = try harness.post(try submitAction(page.text), "result=identified")
        XCTAssertEqual(done.status, 303, done.text)
        XCTAssertEqual(done.header("Location"), Self.returnURL)
        XCTAssertEqual(try harness.status(id, token: token), "ACCEPTED")
    }

    /// PRE-ACCEPTED, then KYC SUCCESSFUL, then ACCEPTED on successive reads (issue 17), by
    /// get or by search alike; `modifiedOn` follows the changes.
    func testPreAcceptedThenKYCSuccessfulThenAcceptedOverPolls() throws {
        let form = try openHanseaticForm(orderID: "ORD229")
        let kyc = try harness.post(try submitAction(form), "decision=pre_accept_then_accept")
        _ = try harness.post(try submitAction(try harness.get(try XCTUnwrap(kyc.header("Location"))).text), "result=identified")
        let id = try harness.applicationID(orderID: "ORD229", token: token)  // read 1
        harness.clock.advance(seconds: 30)
        XCTAssertEqual(try harness.status(id, token: token), "KYC SUCCESSFUL")  // read 2
        XCTAssertEqual(try harness.search(orderID: "ORD229", token: token).first?["status"] as? String, "ACCEPTED")
        XCTAssertEqual(try harness.status(id, token: token), "ACCEPTED")
        let details = try harness.json(try harness.request("GET", "/api/v1/customerApplications/\(id)", token: token))
        XCTAssertNotEqual(details["modifiedOn"] as? String, details["createdOn"] as? String)
    }

    /// The split journey's pre-acceptance has no KYC: PRE-ACCEPTED, then ACCEPTED.
    func testSplitPreAcceptThenAccept() throws {
        let form = try openFranFinanceForm(orderID: "ORD229")
        _ = try harness.post(try submitAction(form), "decision=pre_accept_then_accept")
        XCTAssertEqual(try readStatuses("ORD229", count: 3), ["PRE-ACCEPTED", "ACCEPTED", "ACCEPTED"])
    }

    /// Seed 000 writes KYC-SUCCESSFUL; the spec `KYC SUCCESSFUL`; the spelling is configured.
    /// Two reads per step make the change slower.
    func testKYCSpellingAndReadsPerStepAreConfigured() async throws {
        await harness.stop()
        harness = try SmartCreditHarness { $0.kycSuccessfulSpelling = "KYC-SUCCESSFUL"; $0.readsPerStatusStep = 2 }
        token = try harness.token()
        let form = try openHanseaticForm(orderID: "ORD229")
        let kyc = try harness.post(try submitAction(form), "decision=pre_accept_then_accept")
        _ = try harness.post(try submitAction(try harness.get(try XCTUnwrap(kyc.header("Location"))).text), "result=identified")
        XCTAssertEqual(try readStatuses("ORD229", count: 6),
                       ["PRE-ACCEPTED", "PRE-ACCEPTED", "KYC-SUCCESSFUL", "KYC-SUCCESSFUL", "ACCEPTED", "ACCEPTED"])
    }

    func testRejectedAndAbortedAndPreAcceptedStay() throws {
        for (order, decision, status) in [("R1", "reject", "REJECTED"), ("R2", "abort", "ABORTED"), ("R3", "pre_accept", "PRE-ACCEPTED")] {
            let form = try openHanseaticForm(orderID: order)
            let reply = try harness.post(try submitAction(form), "decision=\(decision)")
            XCTAssertEqual(reply.status, 303, reply.text)
            XCTAssertTrue(reply.header("Location")?.hasPrefix("https://shop.example.com/") ?? false, "\(decision): no KYC step")
            XCTAssertEqual(try readStatuses(order, count: 3), [status, status, status], decision)
        }
    }

    /// An abandoned KYC step: ABORTED ("time-out or any other problems").
    func testAbandonedKYCIsAborted() throws {
        let form = try openHanseaticForm(orderID: "ORD229")
        let kyc = try harness.post(try submitAction(form), "decision=accept")
        let done = try harness.post(try submitAction(try harness.get(try XCTUnwrap(kyc.header("Location"))).text), "result=abandoned")
        XCTAssertEqual(done.header("Location"), Self.returnURL)
        XCTAssertEqual(try readStatuses("ORD229", count: 1), ["ABORTED"])
    }

    /// A form submitted twice, a KYC step without one, an unknown journey or decision.
    func testRepeatedOrUnknownStepsAreRefused() throws {
        let form = try openFranFinanceForm(orderID: "ORD229")
        let action = try submitAction(form)
        XCTAssertEqual(try harness.post(action, "decision=reject").status, 303)
        XCTAssertEqual(try harness.post(action, "decision=accept").status, 409)
        XCTAssertEqual(try readStatuses("ORD229", count: 1), ["REJECTED"])
        XCTAssertEqual(try harness.post(action.replacingOccurrences(of: "/submit", with: "/kyc"), "result=identified").status, 409)
        XCTAssertEqual(try harness.post(action, "decision=maybe").status, 400)
        XCTAssertEqual(try harness.request("GET", "/hblo?auxiliaryDataId=nope").status, 404)
        XCTAssertEqual(try harness.post("http://127.0.0.1:47999/sandbox/smartcredit/journey/nope/submit", "decision=accept").status, 404)
    }

    /// The merchant portal (seed 000 step 9): release a pre-accepted demand, cancel, reimburse.
    func testPortalActions() throws {
        _ = try harness.post(try submitAction(try openFranFinanceForm(orderID: "P1")), "decision=pre_accept")
        let id = try harness.applicationID(orderID: "P1", token: token)
        let refused = try harness.request("POST", "/portal/applications/\(id)/reimburse")
        try harness.assertDetail(refused, status: 400, error: "invalid_query")
        let released = try harness.request("POST", "/portal/applications/\(id)/release")
        XCTAssertEqual(try harness.json(released)["status"] as? String, "ACCEPTED")
        let reimbursed = try harness.request("POST", "/portal/applications/\(id)/reimburse")
        XCTAssertEqual(try harness.json(reimbursed)["status"] as? String, "REIMBURSED")
        XCTAssertEqual(try harness.status(id, token: token), "REIMBURSED")

        _ = try harness.post(try submitAction(try openFranFinanceForm(orderID: "P2")), "decision=accept")
        let other = try harness.applicationID(orderID: "P2", token: token)
        XCTAssertEqual(try harness.json(try harness.request("POST", "/portal/applications/\(other)/cancel"))["status"] as? String, "CANCELLED")
        XCTAssertEqual(try harness.status(other, token: token), "CANCELLED")
        XCTAssertEqual(try harness.request("POST", "/portal/applications/nope/cancel").status, 404)
    }

    /// With a journey timeout, a buyer who never finishes is ABORTED on the first read after
    /// it; a decided application is not touched.
    func testJourneyTimeoutAbortsOpenApplications() async throws {
        await harness.stop()
        harness = try SmartCreditHarness { $0.journeyTimeout = 3600 }
        token = try harness.token()
        _ = try openHanseaticForm(orderID: "T1")
        _ = try harness.post(try submitAction(try openFranFinanceForm(orderID: "T2")), "decision=pre_accept")
        let kyc = try harness.post(try submitAction(try openHanseaticForm(orderID: "T3")), "decision=accept")
        XCTAssertEqual(kyc.status, 303)
        harness.clock.advance(seconds: 3599)
        token = try harness.token()
        XCTAssertEqual(try readStatuses("T1", count: 1), ["INITIALIZED"])
        harness.clock.advance(seconds: 1)
        token = try harness.token()
        XCTAssertEqual(try readStatuses("T1", count: 1), ["ABORTED"])
        XCTAssertEqual(try readStatuses("T2", count: 1), ["PRE-ACCEPTED"])
        XCTAssertEqual(try readStatuses("T3", count: 1), ["ABORTED"])
    }

    // MARK: - Helpers

    /// Initializes `FRF_3X`, submits the launch page's form: the application form's HTML.
    private func openFranFinanceForm(orderID: String) throws -> String {
        let launch = try harness.initialize(smartCreditApplication(orderID: orderID, paymentMean: "FRF_3X"), token: token)
        let journey = try XCTUnwrap(Self.capture(#"name="auxiliaryDataId" value="([^"]+)""#, in: launch))
        let page = try harness.post(try submitAction(launch), "auxiliaryDataId=\(journey)&paymentMean=FRF_3X")
        XCTAssertEqual(page.status, 200, page.text)
        return page.text
    }

    /// Initializes `REVOLVINGPOS`, opens the answered URL: the application form's HTML.
    private func openHanseaticForm(orderID: String) throws -> String {
        let url = try harness.initialize(smartCreditApplication(orderID: orderID, paymentMean: "REVOLVINGPOS"), token: token)
        let page = try harness.get(url)
        XCTAssertEqual(page.status, 200, page.text)
        XCTAssertTrue(page.text.contains("Hanseatic Bank"))
        return page.text
    }

    /// The first form's action.
    private func submitAction(_ html: String) throws -> String {
        try XCTUnwrap(Self.capture(#"action="([^"]+)""#, in: html), html)
    }

    /// `count` reads of the order's status by search.
    private func readStatuses(_ orderID: String, count: Int) throws -> [String] {
        try (0..<count).map { _ in try harness.search(orderID: orderID, token: token).first?["status"] as? String ?? "none" }
    }

    static func capture(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
