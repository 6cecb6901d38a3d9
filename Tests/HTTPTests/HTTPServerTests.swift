import Foundation
import XCTest
@testable import HTTP
import KassaTestSupport

/// The real server on a loopback port, spoken to over raw sockets.
final class HTTPServerTests: XCTestCase {
    var server: HTTPServer!
    var clock: ManualClock!
    let gate = Gate()
    let untilCancelled = CancellationProbe()

    func startServer(_ adjust: (inout HTTPServer.Configuration) -> Void = { _ in }) throws {
        clock = ManualClock()
        var configuration = HTTPServer.Configuration.forTests
        configuration.clock = clock
        configuration.shutdownGracePeriod = .seconds(5)
        adjust(&configuration)
        var router = Router()
        router.on("GET", "/healthz") { _ in .json(200, #"{"status":"ok"}"#) }
        router.on("POST", "/echo") { request in
            Response(status: 200, headers: ["Content-Type": request.headers["Content-Type"] ?? "application/octet-stream"], body: request.body)
        }
        router.on("POST", "/small", bodyLimit: 16) { request in .json(200, "{\"n\":\(request.body.count)}") }
        router.on("GET", "/items/{id}") { request in .json(200, "{\"id\":\(JSONText.quote(request.parameters["id"] ?? ""))}") }
        router.on("GET", "/held") { [gate] _ in
            await gate.wait()
            return .json(200, #"{"held":true}"#)
        }
        router.on("GET", "/until-cancelled") { [untilCancelled] _ in
            await untilCancelled.wait()
            return .json(200, #"{"cancelled":true}"#)
        }
        router.onImmediate("GET", "/now") { _ in .json(200, #"{"now":true}"#) }
        router.on("GET", "/big") { _ in Response(status: 200, body: [UInt8](repeating: 0x61, count: 32 * 1024 * 1024)) }
        server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
    }

    override func tearDown() async throws {
        gate.open()
        if let server { await server.shutdown() }
        server = nil
    }

    func testHealthzAnswersJSONWithDateAndServer() throws {
        try startServer()
        let reply = try RawClient.exchange(port: server.port, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.text, #"{"status":"ok"}"#)
        XCTAssertEqual(reply.header("Content-Type"), "application/json")
        XCTAssertEqual(reply.header("Server"), "kassa")
        XCTAssertNotNil(reply.header("Date")?.range(of: #"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$"#, options: .regularExpression))
    }

    func testKeepAliveServesManyRequestsOnOneConnection() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        for i in 0..<50 {
            client.send("GET /items/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, "{\"id\":\"\(i)\"}")
        }
        XCTAssertEqual(server.connectionCount, 1)
    }

    func testPipelinedResponsesComeBackInRequestOrder() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        // The immediate ones (/now, answered without a task) wait behind the held one too.
        client.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\nGET /now HTTP/1.1\r\nHost: t\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /now HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        XCTAssertTrue(eventually { self.gate.arrived == 1 })
        gate.open()
        XCTAssertEqual(try client.readResponse().text, #"{"held":true}"#)
        XCTAssertEqual(try client.readResponse().text, #"{"now":true}"#)
        XCTAssertEqual(try client.readResponse().text, #"{"id":"2"}"#)
        XCTAssertEqual(try client.readResponse().text, #"{"now":true}"#)
        XCTAssertEqual(try client.readResponse().text, "abc")
    }

    func testChunkedBodyIsDecoded() throws {
        try startServer()
        let reply = try RawClient.exchange(port: server.port,
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n")
        XCTAssertEqual(reply.text, "Wikipedia")
    }

    func testExpectContinueGets100BeforeTheBodyIsSent() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 100)
        client.send("hello")
        let reply = try client.readResponse()
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.text, "hello")
    }

    func testBodyOverTheRouteLimitIs413FromContentLengthWithoutContinue() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("POST /small HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 17\r\n\r\n")
        let reply = try client.readResponse()
        XCTAssertEqual(reply.status, 413)
        XCTAssertEqual(reply.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testChunkedBodyCrossingTheRouteLimitIs413() throws {
        try startServer()
        let reply = try RawClient.exchange(port: server.port,
            "POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n0\r\n\r\n")
        XCTAssertEqual(reply.status, 413)
    }

    func testSmugglingAttemptIsRefusedAndTheConnectionClosed() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        let reply = try client.readResponse()
        XCTAssertEqual(reply.status, 400)
        XCTAssertEqual(reply.header("Content-Type"), "application/problem+json")
        XCTAssertTrue(reply.text.contains("content_length_with_transfer_encoding"))
        XCTAssertNotNil(reply.header("X-Request-Id")?.range(of: "^req_[0-9a-f]{32}$", options: .regularExpression))
        XCTAssertTrue(client.isClosedByPeer())
    }

    /// Bytes that can never be an HTTP request are answered 400 and the connection closed on
    /// their first read: no head timeout is waited for (the clock never moves here).
    func testWhatCannotBeHTTPIsAnswered400AtOnceWithoutWaitingForTheHead() throws {
        try startServer()
        let inputs: [(String, [UInt8])] = [
            ("TLS ClientHello", RequestLineCases.tlsClientHello),
            ("TLS record header then CRLF", [0x16, 0x03, 0x01, 0x02, 0x00, 0x0D, 0x0A]),
            ("NUL", [0x00]),
            ("binary", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]),
            ("control in the target", Array("GET /a\u{1}".utf8)),
        ]
        for (name, bytes) in inputs {
            let client = try RawClient(port: server.port)
            client.send(bytes)
            let reply = try client.readResponse()
            XCTAssertEqual(reply.status, 400, name)
            XCTAssertEqual(reply.header("Connection"), "close", name)
            XCTAssertEqual(reply.header("Content-Type"), "application/problem+json", name)
            XCTAssertTrue(client.isClosedByPeer(), name)
        }
        XCTAssertTrue(eventually { self.server.connectionCount == 0 })
    }

    /// RFC 9110 §2.5: HTTP/1.2 … 1.9 are served as 1.1 (keep-alive included); HTTP/2.0 and
    /// other majors over HTTP/1 syntax are 505.
    func testLaterMinorVersionsAreServedAsHTTP11() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        for minor in [2, 9] {
            client.send("GET /healthz HTTP/1.\(minor)\r\nHost: t\r\n\r\n")
            let reply = try client.readResponse()
            XCTAssertEqual(reply.status, 200)
            XCTAssertNil(reply.header("Connection"))
        }
    }

    func testUnsupportedVersionIs505AndUnknownCodingIs501() throws {
        try startServer()
        XCTAssertEqual(try RawClient.exchange(port: server.port, "GET / HTTP/2.0\r\nHost: t\r\n\r\n").status, 505)
        XCTAssertEqual(try RawClient.exchange(port: server.port, "GET / HTTP/3.1\r\nHost: t\r\n\r\n").status, 505)
        XCTAssertEqual(try RawClient.exchange(port: server.port, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n").status, 501)
        XCTAssertEqual(try RawClient.exchange(port: server.port, "GET /healthz HTTP/1.1\r\n\r\n").status, 400)
    }

    func testRouterAnswers404And405WithAllowAndDecodesParameters() throws {
        try startServer()
        XCTAssertEqual(try RawClient.exchange(port: server.port, "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n").status, 404)
        let notAllowed = try RawClient.exchange(port: server.port, "DELETE /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(notAllowed.status, 405)
        XCTAssertEqual(notAllowed.header("Allow"), "GET, HEAD, OPTIONS")
        XCTAssertEqual(try RawClient.exchange(port: server.port, "GET /items/a%20b%2Fc HTTP/1.1\r\nHost: t\r\n\r\n").text, #"{"id":"a b/c"}"#)
        XCTAssertEqual(try RawClient.exchange(port: server.port, "GET /items/%zz HTTP/1.1\r\nHost: t\r\n\r\n").status, 400)
    }

    func testHeadHasContentLengthButNoBody() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(isHead: true)
        XCTAssertEqual(head.header("Content-Length"), "15")
        XCTAssertEqual(try client.readResponse().text, #"{"status":"ok"}"#)
    }

    func testHTTP10ClosesUnlessKeepAliveIsAsked() throws {
        try startServer()
        let plain = try RawClient(port: server.port)
        plain.send("GET /healthz HTTP/1.0\r\n\r\n")
        XCTAssertEqual(try plain.readResponse().header("Connection"), "close")
        XCTAssertTrue(plain.isClosedByPeer())
        let kept = try RawClient(port: server.port)
        kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try kept.readResponse().header("Connection"), "keep-alive")
        kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try kept.readResponse().status, 200)
    }

    func testIncompleteHeadGets408AfterTheHeadTimeout() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("GET /healthz HTTP/1.1\r\nHo")
        XCTAssertTrue(eventually { self.server.connectionCount == 1 })
        usleep(20_000) // let the bytes reach the server before time moves
        clock.advance(by: .seconds(9))
        server.checkTimeouts()
        clock.advance(by: .seconds(2))
        server.checkTimeouts()
        let reply = try client.readResponse()
        XCTAssertEqual(reply.status, 408)
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
        clock.advance(by: .seconds(29))
        server.checkTimeouts()
        XCTAssertEqual(server.connectionCount, 1)
        clock.advance(by: .seconds(2))
        server.checkTimeouts()
        XCTAssertTrue(client.isClosedByPeer())
        XCTAssertTrue(eventually { self.server.connectionCount == 0 })
    }

    func testClientThatNeverReadsIsDroppedAfterTheSendTimeout() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(300_000) // the server fills the socket buffers and waits for the writable event
        clock.advance(by: .seconds(31))
        server.checkTimeouts()
        XCTAssertTrue(eventually { self.server.connectionCount == 0 })
    }

    func testSlowHandlerDoesNotHoldUpOtherConnections() throws {
        try startServer { $0.eventLoopCount = 1 }
        let held = try RawClient(port: server.port)
        held.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(eventually { self.gate.arrived == 1 })
        for _ in 0..<20 {
            XCTAssertEqual(try RawClient.exchange(port: server.port, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n").status, 200)
        }
        gate.open()
        XCTAssertEqual(try held.readResponse().status, 200)
    }

    func testConnectionsBeyondTheCapGet503() throws {
        try startServer { $0.maxConnections = 2 }
        let a = try RawClient(port: server.port), b = try RawClient(port: server.port)
        XCTAssertTrue(eventually { self.server.connectionCount == 2 })
        let refused = try RawClient(port: server.port)
        let overloaded = try refused.readResponse()
        XCTAssertEqual(overloaded.status, 503)
        XCTAssertNotNil(overloaded.header("X-Request-Id"))
        a.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try a.readResponse().status, 200)
        _ = b
    }

    func testGracefulShutdownFinishesTheRequestInProgressAndClosesIdleOnes() async throws {
        try startServer()
        let idle = try RawClient(port: server.port)
        let busy = try RawClient(port: server.port)
        busy.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(eventually { self.gate.arrived == 1 && self.server.connectionCount == 2 })
        let server = self.server!
        let stopped = Task { await server.shutdown() }
        XCTAssertTrue(idle.isClosedByPeer())
        XCTAssertThrowsError(try RawClient(port: server.port).readResponse())
        gate.open()
        let reply = try busy.readResponse()
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.header("Connection"), "close")
        await stopped.value
        XCTAssertEqual(server.connectionCount, 0)
        self.server = nil
    }

    func testIPv6LoopbackIsServed() throws {
        try startServer { $0.host = "::1" }
        let client = try RawClient(port: server.port, host: "::1")
        client.send("GET /healthz HTTP/1.1\r\nHost: [::1]\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
    }

    /// Keep-alive, pipelining, a response larger than the socket buffers (write readiness and
    /// backpressure), and the close after `Connection: close`.
    func testKeepAlivePipeliningLargeResponsesAndClose() async throws {
        try startServer()
        var client: RawClient! = try RawClient(port: server.port)
        for _ in 0..<3 {
            client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 200)
        }
        client.send(String(repeating: "GET /items/a%2Fb HTTP/1.1\r\nHost: t\r\n\r\n", count: 5))
        for _ in 0..<5 { XCTAssertEqual(try client.readResponse().text, #"{"id":"a/b"}"#) }
        client.send("GET /big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let big = try client.readResponse()
        XCTAssertEqual(big.body.count, 32 * 1024 * 1024)
        XCTAssertEqual(big.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer())
        client = nil   // our close ends the server's lingering read
        XCTAssertTrue(eventually { self.server.connectionCount == 0 })
    }

    /// A client may half-close after its request and wait for the answer (RFC 9112 §9.6). While
    /// a slow handler runs, the end of input must not be reported again and again (a busy loop).
    func testHalfClosedClientWaitingForASlowAnswerCostsNoCPU() throws {
        try startServer()
        let client = try RawClient(port: server.port)
        client.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(eventually { self.gate.arrived == 1 })
        client.shutdownWrite()
        let before = Self.processCPUSeconds()
        usleep(500_000)
        let spent = Self.processCPUSeconds() - before
        XCTAssertLessThan(spent, 0.1, "CPU spent while the handler waited: the server spun on the half-closed socket")
        gate.open()
        let reply = try client.readResponse()
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    /// A client that goes away while its handler waits: the handler's task is cancelled (the
    /// sandbox releases a held request this way), and the connection is closed.
    func testClientDisconnectCancelsItsHandler() throws {
        try startServer()
        var client: RawClient! = try RawClient(port: server.port)
        client.send("GET /until-cancelled HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(eventually { self.untilCancelled.arrived == 1 })
        client = nil
        XCTAssertTrue(eventually { self.untilCancelled.cancellations == 1 }, "the handler was not cancelled")
        XCTAssertTrue(eventually { self.server.connectionCount == 0 })
    }

    /// Closed connections are released: the watch's strong references to its connection do
    /// not outlive the close (each one's `deinit` also checks it was closed exactly once).
    func testClosedConnectionsAreReleased() throws {
        try startServer()
        let before = Connection.liveCount.load(ordering: .relaxed)
        var clients: [RawClient] = []
        for _ in 0..<10 {
            let client = try RawClient(port: server.port)
            client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 200)
            clients.append(client)
        }
        XCTAssertGreaterThanOrEqual(Connection.liveCount.load(ordering: .relaxed), 10)
        clients.removeAll()
        XCTAssertTrue(eventually { self.server.connectionCount == 0 })
        XCTAssertTrue(eventually { Connection.liveCount.load(ordering: .relaxed) <= before }, "closed connections were not released")
    }

    /// A handler still running when the server force-closes its connection is cancelled too.
    func testForcedCloseAtShutdownCancelsTheHandler() async throws {
        try startServer { $0.shutdownGracePeriod = .milliseconds(50) }
        let client = try RawClient(port: server.port)
        client.send("GET /until-cancelled HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(eventually { self.untilCancelled.arrived == 1 })
        await server.shutdown()
        server = nil
        XCTAssertTrue(eventually { self.untilCancelled.cancellations == 1 }, "the handler was not cancelled")
        _ = client
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// RFC 9110 §9.1 and §9.3.7: a method nobody implements is 501 on a path nobody routes, and
    /// 405 with `Allow` on a path that exists (a method is case-sensitive: `get` is not GET);
    /// OPTIONS answers with `Allow`, for a path or for the server (`*`).
    func testUnknownMethodIs405OrElse501AndOptionsAnswersWithAllow() throws {
        try startServer()
        for (line, status) in [("get /healthz", 405), ("QUERY /healthz", 405), ("BREW /nowhere", 501)] {
            let reply = try RawClient.exchange(port: server.port, "\(line) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(reply.status, status, line)
            XCTAssertEqual(reply.header("Content-Type"), "application/problem+json")
            if status == 405 { XCTAssertEqual(reply.header("Allow"), "GET, HEAD, OPTIONS", line) }
        }
        let resource = try RawClient.exchange(port: server.port, "OPTIONS /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(resource.status, 200)
        XCTAssertEqual(resource.header("Allow"), "GET, HEAD, OPTIONS")
        XCTAssertEqual(resource.header("Content-Length"), "0")
        let serverWide = try RawClient.exchange(port: server.port, "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(serverWide.status, 200)
        XCTAssertEqual(serverWide.header("Allow"), "GET, POST, HEAD, OPTIONS")
        let missing = try RawClient.exchange(port: server.port, "OPTIONS /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(missing.status, 404)
    }
}

/// A handler's wait that ends only when its task is cancelled; counts arrivals and cancellations.
final class CancellationProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var arrivals = 0
    private var cancelled = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    var arrived: Int { lock.withLock { arrivals } }
    var cancellations: Int { lock.withLock { cancelled } }

    func wait() async {
        let id = lock.withLock { () -> Int in arrivals += 1; return arrivals }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.withLock {
                    if cancelled >= id { continuation.resume() } else { waiters.append(continuation) }
                }
            }
        } onCancel: {
            let resumed = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
                cancelled += 1
                defer { waiters = [] }
                return waiters
            }
            resumed.forEach { $0.resume() }
        }
    }
}
