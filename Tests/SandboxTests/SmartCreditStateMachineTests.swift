import JSON
@testable import Sandbox
import XCTest

/// The customer application lifecycle without a socket or a clock (seed 000 steps 5–9).
final class SmartCreditStateMachineTests: XCTestCase {
    typealias Machine = CustomerApplication.StateMachine

    private func reads(_ machine: inout Machine, _ count: Int) -> [Machine.Status] {
        (0..<count).map { _ in machine.read() }
    }

    func testANewApplicationIsInitializedAndStaysSoWhenRead() {
        var machine = Machine(isCreditJourney: true, readsPerStep: 1)
        XCTAssertEqual(reads(&machine, 3), [.initialized, .initialized, .initialized])
        XCTAssertTrue(machine.isJourneyOpen)
    }

    func testSplitJourneyDecisions() throws {
        let expected: [(Machine.Decision, [Machine.Status])] = [
            (.accept, [.accepted, .accepted]),
            (.preAcceptThenAccept, [.preAccepted, .accepted, .accepted]),
            (.preAccept, [.preAccepted, .preAccepted]),
            (.reject, [.rejected, .rejected]),
            (.abort, [.aborted, .aborted]),
        ]
        for (decision, statuses) in expected {
            var machine = Machine(isCreditJourney: false, readsPerStep: 1)
            XCTAssertEqual(try machine.submitForm(decision), .merchant, "\(decision): no KYC on the split journey")
            XCTAssertEqual(reads(&machine, statuses.count), statuses, "\(decision)")
            XCTAssertFalse(machine.isJourneyOpen)
        }
    }

    /// The credit journey's (pre-)acceptance goes through KYC, PRE-ACCEPTED meanwhile.
    func testCreditJourneyKYC() throws {
        var accept = Machine(isCreditJourney: true, readsPerStep: 1)
        XCTAssertEqual(try accept.submitForm(.accept), .kyc)
        XCTAssertEqual(reads(&accept, 2), [.preAccepted, .preAccepted])
        XCTAssertEqual(try accept.finishKYC(isIdentified: true), .merchant)
        XCTAssertEqual(reads(&accept, 2), [.accepted, .accepted])

        var later = Machine(isCreditJourney: true, readsPerStep: 1)
        XCTAssertEqual(try later.submitForm(.preAcceptThenAccept), .kyc)
        _ = try later.finishKYC(isIdentified: true)
        XCTAssertEqual(reads(&later, 4), [.preAccepted, .kycSuccessful, .accepted, .accepted])

        var abandoned = Machine(isCreditJourney: true, readsPerStep: 1)
        _ = try abandoned.submitForm(.accept)
        _ = try abandoned.finishKYC(isIdentified: false)
        XCTAssertEqual(abandoned.status, .aborted)

        var manual = Machine(isCreditJourney: true, readsPerStep: 1)
        XCTAssertEqual(try manual.submitForm(.preAccept), .merchant, "back-office analysis: no KYC step")
        XCTAssertEqual(manual.status, .preAccepted)
    }

    func testReadsPerStep() throws {
        var machine = Machine(isCreditJourney: false, readsPerStep: 3)
        _ = try machine.submitForm(.preAcceptThenAccept)
        XCTAssertEqual(reads(&machine, 4), [.preAccepted, .preAccepted, .preAccepted, .accepted])
    }

    func testStepsOutOfOrderAreRefused() throws {
        var machine = Machine(isCreditJourney: false, readsPerStep: 1)
        XCTAssertThrowsError(try machine.finishKYC(isIdentified: true))
        _ = try machine.submitForm(.reject)
        XCTAssertThrowsError(try machine.submitForm(.accept))
        XCTAssertEqual(machine.status, .rejected)
    }

    /// Portal actions: release (PRE-ACCEPTED after back-office analysis), cancel, reimburse;
    /// a portal action drops the statuses that were to follow.
    func testPortalActions() throws {
        var manual = Machine(isCreditJourney: false, readsPerStep: 1)
        _ = try manual.submitForm(.preAccept)
        XCTAssertThrowsError(try manual.portal(.reimburse))
        try manual.portal(.release)
        XCTAssertEqual(manual.status, .accepted)
        try manual.portal(.reimburse)
        XCTAssertEqual(manual.status, .reimbursed)
        XCTAssertThrowsError(try manual.portal(.cancel))

        var following = Machine(isCreditJourney: false, readsPerStep: 1)
        _ = try following.submitForm(.preAcceptThenAccept)
        try following.portal(.cancel)
        XCTAssertEqual(reads(&following, 2), [.cancelled, .cancelled])

        var rejected = Machine(isCreditJourney: false, readsPerStep: 1)
        _ = try rejected.submitForm(.reject)
        XCTAssertThrowsError(try rejected.portal(.cancel))

        var atKYC = Machine(isCreditJourney: true, readsPerStep: 1)
        _ = try atKYC.submitForm(.accept)
        XCTAssertThrowsError(try atKYC.portal(.release), "the KYC step is the buyer's, not a back-office release")
    }

    func testStatusTexts() {
        XCTAssertEqual(Machine.Status.allCases.map { $0.text(kycSuccessful: "KYC SUCCESSFUL") },
                       ["INITIALIZED", "PRE-ACCEPTED", "KYC SUCCESSFUL", "ACCEPTED", "REJECTED", "ABORTED", "CANCELLED", "REIMBURSED"])
        XCTAssertEqual(Machine.Status.kycSuccessful.text(kycSuccessful: "KYC-SUCCESSFUL"), "KYC-SUCCESSFUL")
    }

    /// Amounts from their literal text: cents, refusals, no overflow.
    func testDecimalAmounts() throws {
        func cents(_ literal: String) -> Int? { JSONNumber(literal: literal).flatMap(DecimalAmount.cents) }
        XCTAssertEqual(cents("114"), 11400)
        XCTAssertEqual(cents("47.5"), 4750)
        XCTAssertEqual(cents("44.85"), 4485)
        XCTAssertEqual(cents("44.850"), 4485)
        XCTAssertEqual(cents("0.01"), 1)
        XCTAssertNil(cents("44.851"))
        XCTAssertNil(cents("-1"))
        XCTAssertNil(cents("1e2"))
        XCTAssertNil(cents("99999999999999"))
        XCTAssertNil(cents("9223372036854775807"))
        XCTAssertEqual(DecimalAmount.text(4485), "44.85")
        XCTAssertEqual(DecimalAmount.text(4405), "44.05")
    }

    /// The 1.1.0 spec's phone pattern.
    func testPhonePattern() {
        XCTAssertTrue(ApplicationFields.isPhoneNumber("+484749393"))
        XCTAssertTrue(ApplicationFields.isPhoneNumber("+1 2 3 4 5 6 7"))
        XCTAssertFalse(ApplicationFields.isPhoneNumber("+1 2 3 4 5 6"))
        XCTAssertFalse(ApplicationFields.isPhoneNumber("+1234567 "))
        XCTAssertFalse(ApplicationFields.isPhoneNumber("+1234567890123456"))
        XCTAssertFalse(ApplicationFields.isPhoneNumber("1234567"))
        XCTAssertFalse(ApplicationFields.isPhoneNumber("+١٢٣٤٥٦٧"))
    }
}
