import Foundation
import KassaTestSupport
import XCTest

/// `X-Sandbox-Fault` and the configured default faults.
final class SecuconnectFaultTests: XCTestCase {
    var harness: SimulatorHarness!

    override func tearDown() async throws { await harness?.stop() }

    func testLatencyDelaysTheAnswer() throws {
        harness = try SimulatorHarness()
        let start = Date()
        let reply = try harness.request("POST", "/oauth/token", body: SeedFixtures.oauthRequest004, headers: ["X-Sandbox-Fault": "latency=50"])
        XCTAssertEqual(reply.status, 200)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.05)
    }

    func testStatusAnswersTheErrorShapeWithoutSideEffects() throws {
        harness = try SimulatorHarness()
        let token = try harness.token()
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: SeedFixtures.createRequest004, token: token,
                                        headers: ["X-Sandbox-Fault": "status=503"])
        try harness.assertError(reply, status: 503, error: "ProductInternalException")
        XCTAssertEqual(harness.simulator.transactionCount, 0)
    }

    func testTimeoutAppliesTheOperationAndNeverAnswers() throws {
        harness = try SimulatorHarness()
        let token = try harness.token()
        // The client stays connected: a client that goes away ends its hold (the server cancels
        // the handler), which raced the count below when the request timed out client-side.
        let client = try RawClient(port: harness.server.port, timeout: 0.3)
        let body = SeedFixtures.createRequest004
        client.send("POST /sandbox/secuconnect/api/v2/Smart/Transactions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(token)\r\n"
                    + "X-Sandbox-Fault: timeout\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        XCTAssertThrowsError(try client.readResponse())
        XCTAssertEqual(harness.simulator.transactionCount, 1)
        XCTAssertEqual(harness.simulator.heldRequestCount, 1)
        harness.simulator.shutdown()
        XCTAssertEqual(harness.simulator.heldRequestCount, 0)
        withExtendedLifetime(client) {}
    }

    func testTimeoutIsReleasedByShutdownWithTheAnswer() throws {
        harness = try SimulatorHarness()
        let client = try RawClient(port: harness.server.port, timeout: 5)
        let body = SeedFixtures.oauthRequest004
        client.send("POST /sandbox/secuconnect/oauth/token HTTP/1.1\r\nHost: t\r\nX-Sandbox-Fault: timeout\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        XCTAssertTrue(eventually { self.harness.simulator.heldRequestCount == 1 })
        harness.simulator.shutdown()
        XCTAssertEqual(try client.readResponse().status, 200)
    }

    func testUnknownFaultIsRefused() throws {
        harness = try SimulatorHarness()
        for header in ["status=404", "latency=soon", "explode"] {
            let reply = try harness.request("POST", "/oauth/token", body: SeedFixtures.oauthRequest004, headers: ["X-Sandbox-Fault": header])
            try harness.assertError(reply, status: 400, error: "ProductBadRequestException")
        }
    }

    func testDefaultFaultsApplyAndTheHeaderReplacesThem() throws {
        harness = try SimulatorHarness { $0.defaultFaults = SimulatorFaultsFixture.unavailable }
        XCTAssertEqual(try harness.request("POST", "/oauth/token", body: SeedFixtures.oauthRequest004).status, 502)
        XCTAssertEqual(try harness.request("POST", "/oauth/token", body: SeedFixtures.oauthRequest004, headers: ["X-Sandbox-Fault": "latency=0"]).status, 200)
    }

    func testFaultsApplyToTheHostedPage() throws {
        harness = try SimulatorHarness()
        let stx = try XCTUnwrap(try harness.create(smartTransactionBody(), token: try harness.token())["id"] as? String)
        XCTAssertEqual(try harness.checkout(stx, "approve", headers: ["X-Sandbox-Fault": "status=500"]).status, 500)
        XCTAssertEqual(try harness.read(stx, token: try harness.token())["status"] as? String, "created")
    }

    func testTheHeaderIsIgnoredWhereItIsNotAllowed() throws {
        harness = try SimulatorHarness { $0.allowsFaultHeader = false }
        for header in ["status=503", "timeout", "explode"] {
            let reply = try harness.request("POST", "/oauth/token", body: SeedFixtures.oauthRequest004, headers: ["X-Sandbox-Fault": header])
            XCTAssertEqual(reply.status, 200, header)
        }
        XCTAssertEqual(harness.simulator.heldRequestCount, 0)
    }

    /// Over sockets: the held requests count against `maxHeldRequests`, not the server's
    /// connections; beyond it a holding fault is refused at once, before any side effect.
    func testHoldsBeyondTheCapAreRefusedWithoutSideEffects() throws {
        harness = try SimulatorHarness { $0.maxHeldRequests = 2 }
        let token = try harness.token()
        let body = SeedFixtures.oauthRequest004
        let holders = try (0..<2).map { _ in
            let client = try RawClient(port: harness.server.port, timeout: 5)
            client.send("POST /sandbox/secuconnect/oauth/token HTTP/1.1\r\nHost: t\r\nX-Sandbox-Fault: latency=600000\r\n"
                        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
            return client
        }
        XCTAssertTrue(eventually { self.harness.simulator.heldRequestCount == 2 })
        let started = Date()
        for fault in ["latency=1", "timeout", "latency=1, status=500"] {
            let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: SeedFixtures.createRequest004, token: token,
                                            headers: ["X-Sandbox-Fault": fault])
            try harness.assertError(reply, status: 429, error: "ProductTooManyRequestsException", code: 1004)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(harness.simulator.transactionCount, 0)
        // Requests without a holding fault are served as usual meanwhile.
        XCTAssertEqual(try harness.request("POST", "/oauth/token", body: body, headers: ["X-Sandbox-Fault": "duplicate-push"]).status, 200)
        harness.simulator.shutdown()
        for holder in holders { XCTAssertEqual(try holder.readResponse().status, 200) }
        XCTAssertEqual(harness.simulator.heldRequestCount, 0)
    }
}
