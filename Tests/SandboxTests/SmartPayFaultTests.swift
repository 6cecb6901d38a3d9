import Foundation
import KassaTestSupport
import XCTest

/// `X-Sandbox-Fault` and the configured default faults, as on the secuconnect simulator.
final class SmartPayFaultTests: XCTestCase {
    var harness: SmartPayHarness!

    override func tearDown() async throws { await harness?.stop() }

    func testLatencyDelaysTheAnswer() throws {
        harness = try SmartPayHarness()
        let start = Date()
        XCTAssertEqual(try harness.request("GET", SmartPaySeedFixtures.statusPath, headers: ["X-Sandbox-Fault": "latency=50"]).status, 200)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.05)
    }

    func testStatusAnswersTheErrorShapeWithoutSideEffects() throws {
        harness = try SmartPayHarness()
        let reply = try harness.request("POST", "/payment/creation", body: SmartPaySeedFixtures.createRequest, headers: ["X-Sandbox-Fault": "status=503"])
        try harness.assertError(reply, status: 503, code: "INTERNAL_ERROR")
        XCTAssertEqual(harness.simulator.transactionCount, 1)
    }

    /// The 90 s provider of the issue's benchmark: the creation happens, the answer never comes.
    func testTimeoutAppliesTheOperationAndNeverAnswers() throws {
        harness = try SmartPayHarness()
        // The client stays connected: a client that goes away ends its hold (the server cancels).
        let client = try RawClient(port: harness.server.port, timeout: 0.3)
        let body = SmartPaySeedFixtures.createRequest
        client.send("POST /sandbox/smartpay/payment/creation HTTP/1.1\r\nHost: t\r\nAuthorization: \(SmartPayHarness.basic)\r\n"
                    + "X-Sandbox-Fault: timeout\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        XCTAssertThrowsError(try client.readResponse())
        XCTAssertEqual(harness.simulator.transactionCount, 2)
        XCTAssertEqual(harness.simulator.heldRequestCount, 1)
        harness.simulator.shutdown()
        XCTAssertEqual(harness.simulator.heldRequestCount, 0)
        withExtendedLifetime(client) {}
    }

    /// The issue's "a retried capture reuses its modificationId": the first answer was lost,
    /// the retry gets the original result and nothing is captured twice.
    func testACaptureWhoseAnswerWasLostIsRetriedWithTheSameModificationId() throws {
        harness = try SmartPayHarness()
        let (id, token) = try harness.create()
        XCTAssertEqual(try harness.pay(token, "authorize").status, 200)
        let lost = try RawClient(port: harness.server.port, timeout: 5)
        let body = #"{"transactionId": "\#(id)", "merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "modificationId": "op_1", "modifiedAmount": {"amount": 5.00, "currencyCode": "EUR"}}"#
        lost.send("POST /sandbox/smartpay/payment/capture HTTP/1.1\r\nHost: t\r\nAuthorization: \(SmartPayHarness.basic)\r\n"
                  + "X-Sandbox-Fault: timeout\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        // Held after the capture was applied: its answer is not coming.
        XCTAssertTrue(eventually { self.harness.simulator.heldRequestCount == 1 })
        let retry = try harness.modify("capture", id, modificationID: "op_1", amount: "5.00")
        XCTAssertEqual(retry.status, 200, retry.text)
        XCTAssertEqual(try harness.json(retry)["paymentStatus"] as? String, "CAPTURED")
        XCTAssertEqual((try harness.status(id)["modifications"] as? [Any])?.count, 1)
        try harness.assertError(try harness.modify("capture", id, modificationID: "op_2", amount: "5.00"), status: 409, code: "INVALID_STATE")
        harness.simulator.shutdown()
        XCTAssertEqual(try lost.readResponse().body, retry.body)
    }

    func testTimeoutIsReleasedByShutdownWithTheAnswer() throws {
        harness = try SmartPayHarness()
        let client = try RawClient(port: harness.server.port, timeout: 5)
        client.send("GET /sandbox/smartpay\(SmartPaySeedFixtures.statusPath) HTTP/1.1\r\nHost: t\r\nAuthorization: \(SmartPayHarness.basic)\r\nX-Sandbox-Fault: timeout\r\n\r\n")
        XCTAssertTrue(eventually { self.harness.simulator.heldRequestCount == 1 })
        harness.simulator.shutdown()
        XCTAssertEqual(try client.readResponse().status, 200)
    }

    func testUnknownFaultIsRefused() throws {
        harness = try SmartPayHarness()
        for header in ["status=404", "latency=soon", "explode"] {
            try harness.assertError(try harness.request("GET", SmartPaySeedFixtures.statusPath, headers: ["X-Sandbox-Fault": header]),
                                    status: 400, code: "INVALID_REQUEST")
        }
    }

    func testDefaultFaultsApplyAndTheHeaderReplacesThem() throws {
        harness = try SmartPayHarness { $0.defaultFaults = SimulatorFaultsFixture.unavailable }
        XCTAssertEqual(try harness.request("GET", SmartPaySeedFixtures.statusPath).status, 502)
        XCTAssertEqual(try harness.request("GET", SmartPaySeedFixtures.statusPath, headers: ["X-Sandbox-Fault": "latency=0"]).status, 200)
    }

    func testFaultsApplyToTheWidget() throws {
        harness = try SmartPayHarness()
        let (id, token) = try harness.create()
        XCTAssertEqual(try harness.pay(token, "capture", headers: ["X-Sandbox-Fault": "status=500"]).status, 500)
        XCTAssertEqual(try harness.status(id)["paymentStatus"] as? String, "CREATED")
    }

    func testTheHeaderIsIgnoredWhereItIsNotAllowed() throws {
        harness = try SmartPayHarness { $0.allowsFaultHeader = false }
        for header in ["status=503", "timeout", "explode"] {
            XCTAssertEqual(try harness.request("GET", SmartPaySeedFixtures.statusPath, headers: ["X-Sandbox-Fault": header]).status, 200, header)
        }
        XCTAssertEqual(harness.simulator.heldRequestCount, 0)
    }

    func testHoldsBeyondTheCapAreRefusedWithoutSideEffects() throws {
        harness = try SmartPayHarness { $0.maxHeldRequests = 2 }
        let holders = try (0..<2).map { _ in
            let client = try RawClient(port: harness.server.port, timeout: 5)
            client.send("GET /sandbox/smartpay\(SmartPaySeedFixtures.statusPath) HTTP/1.1\r\nHost: t\r\nAuthorization: \(SmartPayHarness.basic)\r\n"
                        + "X-Sandbox-Fault: latency=600000\r\n\r\n")
            return client
        }
        XCTAssertTrue(eventually { self.harness.simulator.heldRequestCount == 2 })
        for fault in ["latency=1", "timeout"] {
            let reply = try harness.request("POST", "/payment/creation", body: SmartPaySeedFixtures.createRequest, headers: ["X-Sandbox-Fault": fault])
            try harness.assertError(reply, status: 429, code: "TOO_MANY_REQUESTS")
        }
        XCTAssertEqual(harness.simulator.transactionCount, 1)
        harness.simulator.shutdown()
        for holder in holders { XCTAssertEqual(try holder.readResponse().status, 200) }
    }
}
