import XCTest
@testable import Outbound

/// The request lifecycle without sockets, threads or libcurl.
final class TransferStateMachineTests: XCTestCase {
    func testNormalLifecycleSucceeds() {
        var machine = TransferStateMachine(maxResponseBytes: 10)
        XCTAssertEqual(machine.start(isShutDown: false), .addToMulti)
        XCTAssertEqual(machine.receivedBody(count: 4), .accept)
        XCTAssertEqual(machine.receivedBody(count: 6), .accept)
        XCTAssertEqual(machine.completed(curlCode: 0, wasSent: true), .succeed)
        XCTAssertEqual(machine.cancel(), .none, "a late cancel after completion does nothing")
    }

    func testBodyOverCapIsRefusedAndTheCompletionReportsTheCap() {
        var machine = TransferStateMachine(maxResponseBytes: 10)
        _ = machine.start(isShutDown: false)
        XCTAssertEqual(machine.receivedBody(count: 8), .accept)
        XCTAssertEqual(machine.receivedBody(count: 3), .refuse)
        XCTAssertEqual(machine.receivedBody(count: 1), .refuse)
        // libcurl reports CURLE_WRITE_ERROR (23) after a refused write.
        XCTAssertEqual(machine.completed(curlCode: 23, wasSent: true), .fail(.responseTooLarge))
    }

    func testCancelBeforeStartFailsAtStartWithoutTouchingLibcurl() {
        var machine = TransferStateMachine(maxResponseBytes: 10)
        XCTAssertEqual(machine.cancel(), .none)
        XCTAssertEqual(machine.start(isShutDown: false), .failCancelled)
        XCTAssertEqual(machine.cancel(), .none)
    }

    func testCancelWhileRunningRemovesOnce() {
        var machine = TransferStateMachine(maxResponseBytes: 10)
        _ = machine.start(isShutDown: false)
        XCTAssertEqual(machine.cancel(), .removeAndFail)
        XCTAssertEqual(machine.cancel(), .none)
        XCTAssertEqual(machine.shutDown(), .none)
    }

    func testStartAfterShutdownFails() {
        var machine = TransferStateMachine(maxResponseBytes: 10)
        XCTAssertEqual(machine.start(isShutDown: true), .failShutdown)
    }

    func testShutdownWhileRunningRemoves() {
        var machine = TransferStateMachine(maxResponseBytes: 10)
        _ = machine.start(isShutDown: false)
        XCTAssertEqual(machine.shutDown(), .removeAndFail)
    }

    func testCurlCodesAreClassifiedBySentness() {
        let table: [(code: Int, sent: Bool, expected: OutboundError?)] = [
            (0, true, nil),
            (3, false, .invalidRequest),
            (6, false, .couldNotResolveHost),
            (7, false, .couldNotConnect),
            (28, false, .timedOutBeforeSend),
            (28, true, .timedOutAfterSend),
            (35, false, .tlsFailure),
            (60, false, .tlsFailure),
            (52, true, .connectionLostAfterSend),
            (56, true, .connectionLostAfterSend),
            (55, false, .connectionLostBeforeSend),
            (63, true, .responseTooLarge),
        ]
        for row in table {
            XCTAssertEqual(CurlResultClassification.error(curlCode: row.code, wasSent: row.sent), row.expected, "curl \(row.code)")
        }
        let other = CurlResultClassification.error(curlCode: 99, wasSent: true)
        XCTAssertEqual(other?.isOutcomeUnknown, true)
        XCTAssertEqual(other?.curlCode, 99)
        XCTAssertEqual(CurlResultClassification.error(curlCode: 99, wasSent: false)?.isOutcomeUnknown, false)
    }
}
