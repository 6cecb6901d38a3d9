import Foundation
@testable import KassaService
import XCTest

/// The gate between webhook hints and provider re-reads: one in flight per checkout, none
/// within the interval after the last, a bounded table.
final class ResyncGateTests: XCTestCase {
    let start = Date(timeIntervalSince1970: 1_000_000)

    func testOneInFlightThenAQuietIntervalPerCheckout() {
        var gate = ResyncGate(interval: 10)
        XCTAssertEqual(gate.begin("chk_a", now: start), .proceed)
        XCTAssertEqual(gate.begin("chk_a", now: start), .skipInFlight)
        XCTAssertEqual(gate.begin("chk_b", now: start), .proceed, "checkouts are independent")
        gate.finish("chk_a", now: start + 1)
        XCTAssertEqual(gate.begin("chk_a", now: start + 10.9), .skipRecent)
        XCTAssertEqual(gate.begin("chk_a", now: start + 11), .proceed)
    }

    func testAZeroIntervalOnlyDeduplicatesInFlight() {
        var gate = ResyncGate(interval: 0)
        XCTAssertEqual(gate.begin("chk_a", now: start), .proceed)
        XCTAssertEqual(gate.begin("chk_a", now: start), .skipInFlight)
        gate.finish("chk_a", now: start)
        XCTAssertEqual(gate.count, 0)
        XCTAssertEqual(gate.begin("chk_a", now: start), .proceed)
    }

    func testTheTableIsBounded() {
        var gate = ResyncGate(interval: 10, capacity: 3)
        for id in ["a", "b", "c"] {
            XCTAssertEqual(gate.begin(id, now: start), .proceed)
            gate.finish(id, now: start)
        }
        XCTAssertEqual(gate.begin("d", now: start + 5), .skipFull, "all three are still within their interval")
        XCTAssertEqual(gate.begin("d", now: start + 10), .proceed, "expired entries make room")
        XCTAssertLessThanOrEqual(gate.count, 3)
    }
}
