import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// `X-Sandbox-Fault` on the Pledg simulator, as on secuconnect's (docs/sandbox.md).
final class PledgFaultTests: XCTestCase {
    var harness: PledgHarness!

    override func tearDown() async throws { await harness?.stop() }

    func start(_ adjust: (inout PledgSimulator.Configuration) -> Void = { _ in }) throws {
        harness = try PledgHarness(adjust)
    }

    func testInjectedStatusHasNoSideEffect() throws {
        try start()
        let uid = try harness.open(harness.sign(harness.settings()))
        let reply = try harness.choose(uid, "complete", headers: ["X-Sandbox-Fault": "status=503"])
        XCTAssertEqual(reply.status, 503)
        XCTAssertTrue(reply.text.contains("internal_error"), reply.text)
        usleep(100_000)
        XCTAssertEqual(harness.receiver.attemptCount, 0)
        XCTAssertEqual(harness.simulator.store.purchase(uid)?.machine.state, .open)
        let api = try harness.request("POST", "/api/token", headers: ["X-Sandbox-Fault": "status=502"])
        XCTAssertEqual(api.status, 502)
        XCTAssertEqual(try PledgHarness.json(api)["type"] as? String, "internal_error")
    }

    func testTimeoutAppliesThenHoldsTheAnswer() throws {
        try start { $0.timeoutHold = .milliseconds(300) }
        let uid = try harness.open(harness.sign(harness.settings()))
        let started = Date()
        let reply = try harness.choose(uid, "complete", headers: ["X-Sandbox-Fault": "timeout"])
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.25)
        XCTAssertEqual(reply.status, 303)
        XCTAssertEqual(harness.simulator.store.purchase(uid)?.machine.state, .completed)
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 2 })
    }

    func testDuplicateAndOutOfOrderNotifications() throws {
        try start()
        let uid = try harness.open(harness.sign(harness.settings()))
        XCTAssertEqual(try harness.choose(uid, "complete", headers: ["X-Sandbox-Fault": "duplicate-push"]).status, 303)
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 4 })
        let bodies = harness.receiver.bodies
        XCTAssertEqual(bodies[0], bodies[1])
        XCTAssertEqual(bodies[2], bodies[3])

        let other = try harness.open(harness.sign(harness.settings(reference: "chk_other")))
        XCTAssertEqual(try harness.choose(other, "complete", headers: ["X-Sandbox-Fault": "out-of-order-push"]).status, 303)
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 6 })
        XCTAssertEqual(harness.receiver.notifications[4] as? [String: String], ["reference": "chk_other", "uid": other])
        XCTAssertEqual(harness.receiver.notifications[5]["status"] as? String, "completed")
    }

    func testBadHeaderDisabledHeaderAndTheHoldCap() async throws {
        try start { $0.maxHeldRequests = 1; $0.timeoutHold = .seconds(30) }
        let bad = try harness.request("POST", "/api/token", headers: ["X-Sandbox-Fault": "explode"])
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(try PledgHarness.json(bad)["type"] as? String, "invalid_request_error")
        // One request held; the next holding fault is refused at once.
        let port = harness.server.port
        let hold = Task.detached { () -> Int in
            try PledgHarness.holdingRequest(port: port)
        }
        XCTAssertTrue(eventually { self.harness.simulator.heldRequestCount == 1 })
        let refused = try harness.request("POST", "/api/token", headers: ["X-Sandbox-Fault": "latency=10"])
        XCTAssertEqual(refused.status, 429)
        harness.simulator.shutdown()
        let status = try await hold.value
        XCTAssertEqual(status, 401)

        await harness.stop()
        try start { $0.allowsFaultHeader = false }
        XCTAssertEqual(try harness.request("POST", "/api/token", headers: ["X-Sandbox-Fault": "status=503"]).status, 401)
    }
}

extension PledgHarness {
    /// A token request held by a `timeout` fault until the simulator shuts down; its status.
    static func holdingRequest(port: Int) throws -> Int {
        let client = try RawClient(port: port, timeout: 10)
        client.send("POST /sandbox/pledg/api/token HTTP/1.1\r\nHost: x\r\nX-Sandbox-Fault: timeout\r\nContent-Length: 0\r\n\r\n")
        return try client.readResponse().status
    }
}
