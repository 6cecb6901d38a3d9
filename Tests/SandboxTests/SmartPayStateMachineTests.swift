@testable import Sandbox
import XCTest

/// The transaction's status machine, without a socket or a clock.
final class SmartPayStateMachineTests: XCTestCase {
    typealias Machine = SmartPayTransaction.StateMachine

    private func machine(after outcome: Machine.WidgetOutcome, pendingReads: Int = 2) throws -> Machine {
        var machine = Machine(amount: 1099)
        XCTAssertEqual(try machine.widgetStarted(), .statusChanged)
        XCTAssertEqual(machine.status, .authorizationInitialized)
        XCTAssertEqual(try machine.widgetStarted(), .none)
        XCTAssertEqual(try machine.widgetSubmitted(outcome, pendingReads: pendingReads), .statusChanged)
        return machine
    }

    func testWidgetOutcomesReachTheirStatuses() throws {
        let expected: [(Machine.WidgetOutcome, Machine.Status)] = [
            (.authorize, .authorizationCompleted), (.capture, .captured), (.decline, .authorizationFailed),
            (.pendingThenCapture, .authorizationPending), (.pendingForever, .authorizationPending),
        ]
        for (outcome, status) in expected {
            XCTAssertEqual(try machine(after: outcome).status, status, outcome.rawValue)
        }
    }

    func testAFinishedPaymentCannotBePaidOrStartedAgain() throws {
        var paid = try machine(after: .capture)
        XCTAssertThrowsError(try paid.widgetSubmitted(.authorize, pendingReads: 0))
        XCTAssertThrowsError(try paid.widgetStarted())
        XCTAssertEqual(paid.status, .captured)
    }

    func testPendingResolvesAfterItsReads() throws {
        var pending = try machine(after: .pendingThenCapture, pendingReads: 1)
        XCTAssertEqual(pending.statusRead(), .none)
        XCTAssertEqual(pending.status, .authorizationPending)
        XCTAssertEqual(pending.statusRead(), .statusChanged)
        XCTAssertEqual(pending.status, .captured)
        XCTAssertEqual(pending.statusRead(), .none)
        var forever = try machine(after: .pendingForever)
        for _ in 0..<10 { XCTAssertEqual(forever.statusRead(), .none) }
        XCTAssertEqual(forever.status, .authorizationPending)
        XCTAssertThrowsError(try forever.capture(nil))
    }

    func testCaptureRefundAndTheirBounds() throws {
        var machine = try machine(after: .authorize)
        XCTAssertThrowsError(try machine.refund(nil))
        XCTAssertThrowsError(try machine.capture(1100))
        XCTAssertEqual(try machine.capture(800), .modified(.capture, amount: 800))
        XCTAssertThrowsError(try machine.capture(nil))
        XCTAssertEqual(machine.refundableAmount, 800)
        XCTAssertEqual(try machine.refund(301), .modified(.refund, amount: 301))
        XCTAssertThrowsError(try machine.refund(500))
        XCTAssertEqual(try machine.refund(nil), .modified(.refund, amount: 499))
        XCTAssertEqual(machine.status, .captured)
        XCTAssertThrowsError(try machine.refund(nil))
        XCTAssertThrowsError(try machine.chargeback(nil))
    }

    func testAPendingCaptureResolvesAfterItsReads() throws {
        var machine = try machine(after: .authorize)
        XCTAssertEqual(try machine.capture(500, pendingReads: 2), .modified(.capture, amount: 500))
        XCTAssertEqual(machine.status, .capturePending)
        XCTAssertThrowsError(try machine.refund(nil))
        XCTAssertThrowsError(try machine.cancelOrRefund())
        XCTAssertEqual(machine.statusRead(), .none)
        XCTAssertEqual(machine.statusRead(), .none)
        XCTAssertEqual(machine.status, .capturePending)
        XCTAssertEqual(machine.statusRead(), .statusChanged)
        XCTAssertEqual(machine.status, .captured)
        XCTAssertEqual(machine.refundableAmount, 500)
    }

    func testCancelAndCancelOrRefund() throws {
        var authorized = try machine(after: .authorize)
        XCTAssertEqual(try authorized.cancelOrRefund(), .modified(.cancellation, amount: 1099))
        XCTAssertEqual(authorized.status, .cancelled)
        XCTAssertThrowsError(try authorized.cancel())
        var created = Machine(amount: 500)
        XCTAssertEqual(try created.cancel(), .modified(.cancellation, amount: 500))
        var captured = try machine(after: .capture)
        XCTAssertThrowsError(try captured.cancel())
        XCTAssertEqual(try captured.cancelOrRefund(), .modified(.refund, amount: 1099))
        var declined = try machine(after: .decline)
        XCTAssertThrowsError(try declined.cancelOrRefund())
    }

    func testSettlementAndChargeback() throws {
        var machine = try machine(after: .capture)
        XCTAssertEqual(try machine.chargeback(200), .modified(.chargeback, amount: 200))
        XCTAssertThrowsError(try machine.chargeback(1100))
        XCTAssertThrowsError(try machine.chargeback(0))
        XCTAssertEqual(try machine.settle(), .modified(.settlement, amount: 1099))
        XCTAssertEqual(machine.status, .settled)
        XCTAssertThrowsError(try machine.settle())
        XCTAssertEqual(try machine.refund(99), .modified(.refund, amount: 99))
        XCTAssertEqual(machine.status, .settled)
    }

    func testOnlyFinalAndAuthorizedStatusesAreNotified() {
        let notified = Machine.Status.allCases.filter(\.isNotified).map(\.rawValue)
        XCTAssertEqual(notified, ["AUTHORIZATION_COMPLETED", "AUTHORIZATION_FAILED", "CAPTURED", "SETTLED", "CANCELLED"])
    }
}
