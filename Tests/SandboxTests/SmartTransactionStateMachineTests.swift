@testable import Sandbox
import XCTest

/// The Smart Transaction lifecycle without a socket or a clock.
final class SmartTransactionStateMachineTests: XCTestCase {
    typealias Machine = SmartTransaction.StateMachine

    func testANewTransactionIsCreatedWithoutPayment() {
        let machine = Machine(amount: 4485, intent: "sale")
        XCTAssertEqual(machine.status, .created)
        XCTAssertNil(machine.paymentStatus)
        XCTAssertEqual(machine.remainingAmount, 4485)
    }

    func testApprovalWithoutAutoCaptureWaitsForStart() throws {
        var machine = Machine(amount: 4485, intent: "sale")
        XCTAssertEqual(try machine.checkoutFinished(isApproved: true, autoCapture: false), .createPaymentAndNotify)
        XCTAssertEqual(machine.status, .approved)
        XCTAssertEqual(machine.paymentStatus, .authorized)
        XCTAssertEqual(try machine.capture(), .notify)
        XCTAssertEqual(machine.status, .ok)
        XCTAssertEqual(machine.paymentStatus, .paid)
        XCTAssertThrowsError(try machine.capture())
    }

    func testAutoCaptureSkipsApproved() throws {
        var sale = Machine(amount: 100, intent: "sale")
        _ = try sale.checkoutFinished(isApproved: true, autoCapture: true)
        XCTAssertEqual(sale.status, .ok)
        var order = Machine(amount: 100, intent: "order")
        _ = try order.checkoutFinished(isApproved: true, autoCapture: true)
        XCTAssertEqual(order.status, .received)
    }

    func testDeclineFailsWithADeniedPayment() throws {
        var machine = Machine(amount: 100, intent: "sale")
        XCTAssertEqual(try machine.checkoutFinished(isApproved: false, autoCapture: true), .createPaymentAndNotify)
        XCTAssertEqual(machine.status, .failed)
        XCTAssertEqual(machine.paymentStatus, .denied)
        XCTAssertThrowsError(try machine.checkoutFinished(isApproved: true, autoCapture: true))
        XCTAssertThrowsError(try machine.cancel(reducingBy: nil))
    }

    func testAbandonedCheckoutChangesNothing() throws {
        var machine = Machine(amount: 100, intent: "sale")
        XCTAssertEqual(try machine.checkoutAbandoned(), .none)
        XCTAssertEqual(machine.status, .created)
        _ = try machine.checkoutFinished(isApproved: true, autoCapture: false)
        XCTAssertThrowsError(try machine.checkoutAbandoned())
    }

    func testRefundsAreBoundedByTheCapturedAmount() throws {
        var machine = Machine(amount: 1000, intent: "sale")
        _ = try machine.checkoutFinished(isApproved: true, autoCapture: true)
        XCTAssertThrowsError(try machine.cancel(reducingBy: 1001))
        XCTAssertThrowsError(try machine.cancel(reducingBy: 0))
        XCTAssertEqual(try machine.cancel(reducingBy: 400), .notify)
        XCTAssertEqual(machine.refundedAmount, 400)
        XCTAssertEqual(machine.paymentStatus, .paid)
        XCTAssertEqual(try machine.cancel(reducingBy: nil), .notify)
        XCTAssertEqual(machine.remainingAmount, 0)
        XCTAssertEqual(machine.paymentStatus, .refund)
        XCTAssertEqual(machine.status, .ok)
        XCTAssertThrowsError(try machine.cancel(reducingBy: nil))
    }

    func testAbortOrder() throws {
        var created = Machine(amount: 100, intent: "sale")
        XCTAssertEqual(try created.abortOrder(), .none)
        XCTAssertEqual(created.status, .failed)
        XCTAssertNil(created.paymentStatus)
        XCTAssertThrowsError(try created.abortOrder())

        var approved = Machine(amount: 100, intent: "sale")
        _ = try approved.checkoutFinished(isApproved: true, autoCapture: false)
        XCTAssertEqual(try approved.abortOrder(), .notify)
        XCTAssertEqual(approved.paymentStatus, .void)

        var captured = Machine(amount: 100, intent: "sale")
        _ = try captured.checkoutFinished(isApproved: true, autoCapture: true)
        XCTAssertThrowsError(try captured.abortOrder())
        XCTAssertEqual(captured.status, .ok)
    }

    func testAnAuthorisationIsLoweredOnlyOnce() throws {
        var machine = Machine(amount: 1000, intent: "sale")
        _ = try machine.checkoutFinished(isApproved: true, autoCapture: false)
        XCTAssertEqual(try machine.cancel(reducingBy: 300), .notify)
        XCTAssertEqual(machine.remainingAmount, 700)
        XCTAssertThrowsError(try machine.cancel(reducingBy: 100))
        XCTAssertEqual(try machine.cancel(reducingBy: nil), .notify)
        XCTAssertEqual(machine.paymentStatus, .void)
        XCTAssertEqual(machine.status, .failed)
    }
}
