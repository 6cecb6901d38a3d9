import XCTest
@testable import Outbound

/// Live-socket tests: many calls at once, and connection reuse.
final class OutboundClientConcurrencyTests: XCTestCase {
    func testConcurrentSlowCallsOverlapInsteadOfQueueing() async throws {
        let server = try LoopbackServer()
        let client = OutboundClient()
        defer { client.shutdown(); server.stop() }
        server.route("/slow") { request in .respond(body: Array(request.query!.utf8), delay: 0.3) }
        let started = ContinuousClock.now
        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<50 {
                group.addTask {
                    let response = try await client.send(OutboundRequest(method: .get, url: server.baseURL + "/slow?\(i)"))
                    return (i, response.bodyText)
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        // Fifty 300 ms calls one after another would take 15 s; overlapped they take ~0.3 s.
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(3))
        XCTAssertEqual(bodies.count, 50)
        for (i, body) in bodies { XCTAssertEqual(body, "\(i)", "each caller gets its own response") }
    }

    func testSequentialCallsToOneHostReuseTheConnection() async throws {
        let server = try LoopbackServer()
        let client = OutboundClient()
        defer { client.shutdown(); server.stop() }
        server.route("/fast", .respond(body: Array("ok".utf8)))
        for _ in 0..<10 {
            let response = try await client.send(OutboundRequest(method: .get, url: server.baseURL + "/fast"))
            XCTAssertEqual(response.bodyText, "ok")
        }
        XCTAssertEqual(server.requestCount("/fast"), 10)
        XCTAssertEqual(server.acceptedConnections, 1)
    }

    func testSocketsAreReleasedAfterShutdown() async throws {
        let server = try LoopbackServer()
        let client = OutboundClient()
        server.route("/fast", .respond())
        _ = try await client.send(OutboundRequest(method: .get, url: server.baseURL + "/fast"))
        client.shutdown()
        let closed = await server.waitForConnectionsClosedByPeer(1)
        XCTAssertTrue(closed, "shutdown closes cached connections")
        server.stop()
    }
}
