import Foundation
import KassaTestSupport
import XCTest

/// Over a socket: a request held by a fault is released when its client disconnects (the
/// server cancels the handler's task; the hold is cancellation-aware).
final class HeldRequestsDisconnectTests: XCTestCase {
    func testADisconnectedClientsHeldRequestIsReleased() async throws {
        let harness = try SimulatorHarness()
        for fault in ["latency=600000", "timeout"] {
            do {
                let client = try RawClient(port: harness.server.port, timeout: 5)
                let body = SeedFixtures.oauthRequest004
                client.send("POST /sandbox/secuconnect/oauth/token HTTP/1.1\r\nHost: t\r\nX-Sandbox-Fault: \(fault)\r\n"
                            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                XCTAssertTrue(eventually { harness.simulator.heldRequestCount == 1 }, fault)
            }
            // The client is gone (its socket closed): the hold ends long before its bound.
            XCTAssertTrue(eventually(10) { harness.simulator.heldRequestCount == 0 }, fault)
        }
        await harness.stop()
    }
}
