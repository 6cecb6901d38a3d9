import Foundation
@testable import HTTP
import KassaTestSupport
@testable import Sandbox
import XCTest

/// Holds of `latency` and `timeout` faults: a cap of their own, released by cancellation
/// (the server cancels a request's task when its client disconnects) and by shutdown.
final class HeldRequestsTests: XCTestCase {
    func testSlotsAreCappedAndFreedSlotsAreReused() {
        let held = HeldRequests(capacity: 2)
        let first = held.reserve(), second = held.reserve()
        XCTAssertNotNil(first)
        XCTAssertNotNil(second)
        XCTAssertNil(held.reserve())
        XCTAssertEqual(held.count, 2)
        held.free(first!)
        held.free(first!)
        XCTAssertEqual(held.count, 1)
        XCTAssertNotNil(held.reserve())
        XCTAssertNil(held.reserve())
    }

    func testCancellingTheWaitingTaskEndsTheWait() async {
        let held = HeldRequests(capacity: 1)
        let started = Date()
        let waiter = Task {
            let slot = held.reserve()!
            await held.wait(slot, atMost: .seconds(60))
            held.free(slot)
        }
        XCTAssertTrue(eventually { held.count == 1 })
        waiter.cancel()
        await waiter.value
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(held.count, 0)
    }

    func testACancelledTaskDoesNotWaitAtAll() async {
        let held = HeldRequests(capacity: 1)
        let started = Date()
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await held.wait(held.reserve()!, atMost: .seconds(60))
        }
        await waiter.value
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func testReleaseAllEndsEveryWaitAndLaterOnes() async {
        let held = HeldRequests(capacity: 4)
        let started = Date()
        let waiters = (0..<3).map { _ in Task { await held.wait(held.reserve()!, atMost: .seconds(60)) } }
        XCTAssertTrue(eventually { held.count == 3 })
        held.releaseAll()
        XCTAssertEqual(held.count, 0)
        for waiter in waiters { await waiter.value }
        // After shutdown a slot is always granted and never waits nor counts.
        let late = held.reserve()
        XCTAssertNotNil(late)
        await held.wait(late!, atMost: .seconds(60))
        XCTAssertEqual(held.count, 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    /// The simulator's own route, run as a server runs it: in a task that is cancelled when
    /// the client goes away.
    func testASimulatorRouteHeldByAFaultEndsWhenItsTaskIsCancelled() async throws {
        let simulator = SecuconnectSimulator(configuration: .init())
        defer { simulator.shutdown() }
        let router = simulator.makeRouter()
        for fault in ["latency=600000", "timeout"] {
            let body = Array(SeedFixtures.oauthRequest004.utf8)
            let head = RequestHead(method: "POST", target: "/oauth/token", path: "/oauth/token", query: nil, version: .http1_1,
                                   headers: ["X-Sandbox-Fault": fault, "Content-Type": "application/json"],
                                   framing: .length(body.count), wantsKeepAlive: true, expectsContinue: false)
            let started = Date()
            let handler = Task { await router.respond(to: Request(head: head, body: body)) }
            XCTAssertTrue(eventually { simulator.heldRequestCount == 1 }, fault)
            handler.cancel()
            _ = await handler.value
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, fault)
            XCTAssertEqual(simulator.heldRequestCount, 0, fault)
        }
    }
}
