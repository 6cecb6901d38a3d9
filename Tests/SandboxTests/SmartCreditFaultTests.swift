import Foundation
import KassaTestSupport
import XCTest

/// `X-Sandbox-Fault` on the SmartCredit simulator: an injected 5xx changes nothing, a
/// `timeout` applies the request and loses its answer (the application exists and is found
/// by `do-search`), latency and timeout faults are bounded.
final class SmartCreditFaultTests: XCTestCase {
    var harness: SmartCreditHarness!
    var token: String!

    override func setUp() async throws {
        harness = try SmartCreditHarness { $0.timeoutHold = .seconds(30); $0.maxHeldRequests = 1 }
        token = try harness.token()
    }

    override func tearDown() async throws { await harness.stop() }

    func testInjectedStatusHasNoSideEffect() throws {
        let reply = try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect", body: smartCreditApplication(),
                                        token: token, headers: ["X-Sandbox-Fault": "status=503"])
        try harness.assertDetail(reply, status: 503, error: "internal_error")
        XCTAssertEqual(harness.simulator.applicationCount, 0)
        XCTAssertEqual(try harness.search(orderID: "ORD229", token: token).count, 0)
    }

    /// The initialize answer lost (issue 17: "the status found by do-search when the
    /// initialize answer was lost"): the client times out, the application exists.
    func testTimeoutLosesTheAnswerButKeepsTheApplication() throws {
        // The client stays connected while held (a client that leaves ends the hold early).
        let body = smartCreditApplication()
        let client = try RawClient(port: harness.server.port, timeout: 5)
        client.send("POST \(SmartCreditHarness.prefix)/api/v1/customerApplications/_processAndRedirect HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer \(token!)\r\nX-Sandbox-Fault: timeout\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        // The slot is taken before the operation runs, so the application is what to wait for.
        XCTAssertTrue(eventually { self.harness.simulator.applicationCount == 1 })
        XCTAssertEqual(harness.simulator.heldRequestCount, 1)
        let found = try harness.search(orderID: "ORD229", token: token)
        XCTAssertEqual(found.first?["status"] as? String, "INITIALIZED")
        // A retry of the creation is a duplicate, as at the real provider.
        let retry = try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect", body: body, token: token)
        try harness.assertDetail(retry, status: 400, error: "invalid_orderId")
        // The held answer comes at the hold's end, here at shutdown (a real client gave up before).
        harness.simulator.shutdown()
        XCTAssertEqual(try client.readResponse().status, 200)
    }

    /// While one request is held, a second holding fault is refused 429; shutdown answers
    /// the held one at once.
    func testHeldRequestsAreBounded() async throws {
        let port = harness.server.port
        let prefix = SmartCreditHarness.prefix
        let token = token!
        let slow = Task.detached {
            let client = try RawClient(port: port, timeout: 5)
            client.send("POST \(prefix)/api/v1/customerApplications/do-search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                        + "X-Sandbox-Fault: latency=30000\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
            return try client.readResponse().status
        }
        XCTAssertTrue(eventually { self.harness.simulator.heldRequestCount == 1 })
        let refused = try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: token,
                                          headers: ["X-Sandbox-Fault": "latency=10"])
        XCTAssertEqual(refused.status, 429, refused.text)
        harness.simulator.shutdown()
        let status = try await slow.value
        XCTAssertEqual(status, 200)
    }

    func testBadFaultHeaderIs400AndIgnoredWhenNotAllowed() async throws {
        let reply = try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: token,
                                        headers: ["X-Sandbox-Fault": "explode"])
        XCTAssertEqual(reply.status, 400, reply.text)
        await harness.stop()
        harness = try SmartCreditHarness { $0.allowsFaultHeader = false }
        let ignored = try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: try harness.token(),
                                          headers: ["X-Sandbox-Fault": "status=500"])
        XCTAssertEqual(ignored.status, 200, ignored.text)
    }

    /// Faults on the token endpoint too (a token fetch that fails is retried by clients).
    func testFaultOnTokenEndpoint() throws {
        let reply = try harness.request("POST", "/sgconnect/oauth2/access_token?grant_type=client_credentials&scope=fooscope",
                                        headers: ["Authorization": "Basic " + SmartCreditSeed.sandboxBasic, "X-Sandbox-Fault": "status=502"])
        XCTAssertEqual(reply.status, 502, reply.text)
    }
}
