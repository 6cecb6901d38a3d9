@testable import Sandbox
import XCTest

enum SimulatorFaultsFixture {
    static let unavailable = SimulatorFaults(status: 502)
}

/// Parsing the `X-Sandbox-Fault` header.
final class SimulatorFaultsTests: XCTestCase {
    func testHeaderValuesParse() {
        let cases: [(String, SimulatorFaults?)] = [
            ("latency=50", SimulatorFaults(latency: .milliseconds(50))),
            ("status=503", SimulatorFaults(status: 503)),
            ("timeout", SimulatorFaults(isTimeout: true)),
            (" duplicate-push , out-of-order-push ", SimulatorFaults(isDuplicatePush: true, isOutOfOrderPush: true)),
            ("latency=10,status=500", SimulatorFaults(latency: .milliseconds(10), status: 500)),
            ("", SimulatorFaults.none),
            ("status=499", nil),
            ("status=600", nil),
            ("latency=-1", nil),
            ("timeout=5", nil),
            ("slow", nil),
        ]
        for (header, expected) in cases {
            XCTAssertEqual(SimulatorFaults(header: header), expected, header)
        }
    }
}
