import XCTest
@testable import Outbound

/// Live-socket tests of how `OutboundClient` fails: every failure must say whether the
/// request could have reached the provider.
final class OutboundClientFailureTests: LoopbackTestCase {
    override var clientConfiguration: OutboundClient.Configuration { .init(maxResponseBytes: 1000) }

    private func expectError(_ expected: OutboundError, _ request: OutboundRequest,
                             file: StaticString = #filePath, line: UInt = #line) async {
        do {
            let response = try await client.send(request)
            XCTFail("expected \(expected), got HTTP \(response.status)", file: file, line: line)
        } catch let error as OutboundError {
            XCTAssertEqual(error, expected, "got \(error)", file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }

    func testTimeoutAfterTheRequestWasSentIsOutcomeUnknown() async throws {
        server.route("/slow", .respond(status: 200, delay: 5))
        let started = ContinuousClock.now
        await expectError(.timedOutAfterSend, OutboundRequest(method: .post, url: server.baseURL + "/slow",
                                                              body: Array("x".utf8), timeouts: .init(total: .milliseconds(300))))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
        XCTAssertEqual(server.requestCount("/slow"), 1)
        XCTAssertTrue(OutboundError.timedOutAfterSend.isOutcomeUnknown)
    }

    func testTimeoutDuringTLSHandshakeIsBeforeSend() async throws {
        // A server that accepts and never answers the ClientHello: the request head is never written.
        let silent = try LoopbackServer(mode: .silent)
        defer { silent.stop() }
        await expectError(.timedOutBeforeSend, OutboundRequest(
            method: .post, url: "https://127.0.0.1:\(silent.port)/checkouts", body: Array("{}".utf8),
            timeouts: .init(total: .milliseconds(300), connect: .milliseconds(250))))
        XCTAssertFalse(OutboundError.timedOutBeforeSend.isOutcomeUnknown)
    }

    func testUnreadableClientCertificateIsATLSFailureBeforeSend() async throws {
        let silent = try LoopbackServer(mode: .silent)
        defer { silent.stop() }
        let tls = OutboundTLS(certificatePath: "/nonexistent/client.pem", privateKeyPath: "/nonexistent/client.key")
        await expectError(.tlsFailure, OutboundRequest(method: .post, url: "https://127.0.0.1:\(silent.port)/token",
                                                       timeouts: .init(total: .seconds(5)), tls: tls))
    }

    func testConnectionRefusedIsCouldNotConnect() async throws {
        let port = server.port
        server.stop()
        // Wait for the listener to go away without sleeping a fixed time: retry until refused.
        var lastError: OutboundError?
        for _ in 0..<50 {
            do { _ = try await client.send(OutboundRequest(method: .get, url: "http://127.0.0.1:\(port)/")) }
            catch let error as OutboundError { lastError = error; if error == .couldNotConnect { break } }
            await Task.yield()
        }
        XCTAssertEqual(lastError, .couldNotConnect)
        XCTAssertEqual(lastError?.isOutcomeUnknown, false)
    }

    func testUnresolvableHostIsCouldNotResolve() async {
        await expectError(.couldNotResolveHost, OutboundRequest(method: .get, url: "http://kassa-does-not-exist.invalid/",
                                                                timeouts: .init(total: .seconds(5))))
    }

    func testServerClosingWithoutAnswerIsConnectionLostAfterSend() async throws {
        server.route("/drop", .close)
        await expectError(.connectionLostAfterSend, OutboundRequest(method: .post, url: server.baseURL + "/drop", body: [1]))
        XCTAssertTrue(OutboundError.connectionLostAfterSend.isOutcomeUnknown)
    }

    func testResponseOverCapWithContentLengthIsRefused() async throws {
        server.route("/big", .respond(body: [UInt8](repeating: 65, count: 1001)))
        server.route("/fits", .respond(body: [UInt8](repeating: 65, count: 1000)))
        await expectError(.responseTooLarge, OutboundRequest(method: .get, url: server.baseURL + "/big"))
        let fits = try await client.send(OutboundRequest(method: .get, url: server.baseURL + "/fits"))
        XCTAssertEqual(fits.body.count, 1000)
    }

    func testResponseOverCapWithoutContentLengthIsStoppedWhileReading() async throws {
        server.route("/stream", .respond(body: [UInt8](repeating: 66, count: 50_000), contentLength: false))
        await expectError(.responseTooLarge, OutboundRequest(method: .get, url: server.baseURL + "/stream"))
    }

    func testHeaderWithLineBreakIsRejectedBeforeAnythingIsSent() async {
        await expectError(.invalidRequest, OutboundRequest(method: .get, url: server.baseURL + "/x",
                                                           headers: ["X-Evil": "a\r\nInjected: yes"]))
        await expectError(.invalidRequest, OutboundRequest(method: .get, url: "ftp://127.0.0.1/x"))
        XCTAssertEqual(server.requestCount("/x"), 0)
    }

    func testCancellingTheTaskRemovesTheTransferAndClosesItsConnection() async throws {
        server.route("/hang", .hang)
        let client = self.client!
        let url = server.baseURL + "/hang"
        let task = Task { try await client.send(OutboundRequest(method: .post, url: url, body: [1])) }
        let arrived = await server.waitForRequests("/hang")
        XCTAssertTrue(arrived)
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("cancelled call returned")
        } catch let error as OutboundError {
            XCTAssertEqual(error, .cancelledAfterSend)
            XCTAssertTrue(error.isOutcomeUnknown)
        }
        let closed = await server.waitForConnectionsClosedByPeer(1)
        XCTAssertTrue(closed, "libcurl should have closed the cancelled transfer's connection")
        let active = client.loop.queue.sync { client.loop.activeTransferCount }
        XCTAssertEqual(active, 0)
    }

    func testTaskCancelledBeforeSendingFailsWithoutTouchingTheNetwork() async throws {
        server.route("/never", .respond())
        let client = self.client!
        let url = server.baseURL + "/never"
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(OutboundRequest(method: .get, url: url))
        }
        do {
            _ = try await task.value
            XCTFail("cancelled call returned")
        } catch let error as OutboundError {
            XCTAssertEqual(error, .cancelledBeforeSend)
        }
        XCTAssertEqual(server.acceptedConnections, 0)
    }

    func testShutdownFailsCallsInFlightAndLaterCalls() async throws {
        server.route("/hang", .hang)
        let client = self.client!
        let url = server.baseURL + "/hang"
        let task = Task { try await client.send(OutboundRequest(method: .get, url: url)) }
        let arrived = await server.waitForRequests("/hang")
        XCTAssertTrue(arrived)
        client.shutdown()
        do { _ = try await task.value; XCTFail("call survived shutdown") } catch let error as OutboundError {
            XCTAssertEqual(error, .shutdown)
        }
        await expectError(.shutdown, OutboundRequest(method: .get, url: url))
    }
}
