import XCTest
@testable import HTTP

/// The connection lifecycle without a socket, a clock or a thread.
final class ConnectionStateMachineTests: XCTestCase {
    let second: UInt64 = 1_000_000_000
    let fixedFields = FixedFields.bytes(serverName: "kassa", date: "Mon, 23 Nov 2026 12:00:00 GMT")

    func makeMachine(bodyLimit: Int = 1024) -> ConnectionStateMachine {
        ConnectionStateMachine(now: 0, limits: HTTPLimits(),
                               timeouts: .init(head: 10 * second, idle: 30 * second, bodyProgress: 5 * second, send: 20 * second),
                               bodyLimit: { _ in bodyLimit })
    }

    func feed(_ machine: inout ConnectionStateMachine, _ text: String, at now: UInt64 = 0) -> ConnectionStateMachine.Actions {
        let bytes = text.crlf
        return bytes.withUnsafeBytes { machine.received($0, now: now, fixedFields: fixedFields) }
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testIdleConnectionIsClosedOnlyAfterTheIdleTimeout() {
        var machine = makeMachine()
        XCTAssertEqual(machine.tick(now: 30 * second, fixedFields: fixedFields).close, .no)
        XCTAssertEqual(machine.tick(now: 30 * second + 1, fixedFields: fixedFields).close, .now)
    }

    func testPartialHeadGets408AfterTheHeadTimeoutCountedFromItsFirstByte() {
        var machine = makeMachine()
        _ = feed(&machine, "GET / HTTP/1.1\nHo", at: 100 * second)
        XCTAssertEqual(machine.tick(now: 110 * second, fixedFields: fixedFields).close, .no)
        let actions = machine.tick(now: 110 * second + 1, fixedFields: fixedFields)
        XCTAssertEqual(actions.close, .afterWrite)
        XCTAssertTrue(text(actions.output).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        XCTAssertTrue(text(actions.output).contains("Connection: close\r\n"))
    }

    func testSlowBodyGets408WhenItStopsMakingProgress() {
        var machine = makeMachine()
        _ = feed(&machine, "POST / HTTP/1.1\nHost: a\nContent-Length: 10\n\nabc", at: 0)
        _ = feed(&machine, "def", at: 4 * second)
        XCTAssertEqual(machine.tick(now: 9 * second, fixedFields: fixedFields).close, .no)
        XCTAssertTrue(text(machine.tick(now: 9 * second + 1, fixedFields: fixedFields).output).hasPrefix("HTTP/1.1 408"))
    }

    func testClientThatStopsReadingIsDroppedAfterTheSendTimeout() {
        var machine = makeMachine()
        machine.outputProgress(pending: true, now: 5 * second)
        XCTAssertEqual(machine.tick(now: 25 * second, fixedFields: fixedFields).close, .no)
        XCTAssertEqual(machine.tick(now: 25 * second + 1, fixedFields: fixedFields).close, .now)
        machine.outputProgress(pending: false, now: 26 * second)
        XCTAssertEqual(machine.tick(now: 27 * second, fixedFields: fixedFields).close, .no)
    }

    /// The peer's end of input while a handler runs cancels the handler; its answer is still
    /// written (a half-closed client may wait for it), with `Connection: close`.
    func testEndOfInputWhileHandlingCancelsTheHandlerAndTheAnswerStillGoesOut() {
        var machine = makeMachine()
        XCTAssertEqual(feed(&machine, "GET /slow HTTP/1.1\nHost: x\n\n").request?.path, "/slow")
        let ended = machine.receivedEndOfInput(now: 1)
        XCTAssertTrue(ended.cancelsHandler)
        XCTAssertEqual(ended.close, .no)
        let answered = machine.handlerFinished(.json(200, "{}"), now: 2, fixedFields: fixedFields)
        XCTAssertTrue(text(answered.output).contains("Connection: close\r\n"))
        XCTAssertEqual(answered.close, .afterWrite)
    }

    func testEndOfInputWithoutARequestClosesWithoutCancelling() {
        var machine = makeMachine()
        let ended = machine.receivedEndOfInput(now: 1)
        XCTAssertFalse(ended.cancelsHandler)
        XCTAssertEqual(ended.close, .now)
    }

    func testPipelinedRequestsAreHandedOverOneAtATimeAndAnsweredInOrder() {
        var machine = makeMachine()
        let first = feed(&machine, "GET /a HTTP/1.1\nHost: x\n\nGET /b HTTP/1.1\nHost: x\n\n")
        XCTAssertEqual(first.request?.path, "/a")
        XCTAssertTrue(first.output.isEmpty)
        let second = machine.handlerFinished(.json(200, "{}"), now: 1, fixedFields: fixedFields)
        XCTAssertTrue(text(second.output).hasPrefix("HTTP/1.1 200 OK\r\n"))
        XCTAssertEqual(second.request?.path, "/b")
        let third = machine.handlerFinished(.json(201, "{}"), now: 2, fixedFields: fixedFields)
        XCTAssertTrue(text(third.output).hasPrefix("HTTP/1.1 201 Created\r\n"))
        XCTAssertNil(third.request)
        XCTAssertTrue(machine.isIdle)
    }

    /// A read is parsed in place when nothing is buffered, and what it leaves over is kept:
    /// two requests with bodies, split at every possible point, come out whole and in order.
    func testReadsSplitAnywhereGiveTheSameRequests() {
        let wire = Array("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".utf8)
            + Array("POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8)
        for split in 1..<wire.count {
            var machine = makeMachine()
            var requests: [Request] = []
            for part in [Array(wire[..<split]), Array(wire[split...])] {
                if let request = part.withUnsafeBytes({ machine.received($0, now: 0, fixedFields: fixedFields) }).request {
                    requests.append(request)
                }
            }
            while requests.count < 2, !requests.isEmpty,
                  let next = machine.handlerFinished(Response(status: 204), now: 1, fixedFields: fixedFields).request {
                requests.append(next)
            }
            XCTAssertEqual(requests.map(\.path), ["/a", "/b"], "split at \(split)")
            XCTAssertEqual(requests.map { String(decoding: $0.body, as: UTF8.self) }, ["hello", "abc"], "split at \(split)")
        }
    }

    func testBytesArrivingWhileHandlingAreNotParsedUntilTheResponse() {
        var machine = makeMachine()
        XCTAssertNotNil(feed(&machine, "GET /a HTTP/1.1\nHost: x\n\n").request)
        let during = feed(&machine, "GET /b HTTP/1.1\nHost: x\n\n")
        XCTAssertNil(during.request)
        XCTAssertEqual(machine.handlerFinished(.json(200, "{}"), now: 1, fixedFields: fixedFields).request?.path, "/b")
    }

    func testContentLengthOverTheRouteLimitIs413WithoutContinueAndCloses() {
        var machine = makeMachine(bodyLimit: 10)
        let actions = feed(&machine, "POST / HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 11\n\n")
        XCTAssertTrue(text(actions.output).hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        XCTAssertFalse(text(actions.output).contains("100 Continue"))
        XCTAssertEqual(actions.close, .afterWrite)
        XCTAssertFalse(machine.wantsToRead)
    }

    func testExpectContinueIsAnsweredBeforeTheBody() {
        var machine = makeMachine()
        let actions = feed(&machine, "POST / HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 2\n\n")
        XCTAssertEqual(text(actions.output), "HTTP/1.1 100 Continue\r\n\r\n")
        XCTAssertNil(actions.request)
        XCTAssertEqual(feed(&machine, "ok").request?.body, Array("ok".utf8))
    }

    func testHTTP10KeepAliveIsConfirmedAndPlain10Closes() {
        var machine = makeMachine()
        _ = feed(&machine, "GET / HTTP/1.0\nConnection: keep-alive\n\n")
        let kept = machine.handlerFinished(.json(200, "{}"), now: 1, fixedFields: fixedFields)
        XCTAssertTrue(text(kept.output).contains("Connection: keep-alive\r\n"))
        XCTAssertEqual(kept.close, .no)
        _ = feed(&machine, "GET / HTTP/1.0\n\n")
        let closed = machine.handlerFinished(.json(200, "{}"), now: 2, fixedFields: fixedFields)
        XCTAssertTrue(text(closed.output).contains("Connection: close\r\n"))
        XCTAssertEqual(closed.close, .afterWrite)
    }

    func testMalformedRequestIsAnsweredOnceAndNothingAfterItIsRead() {
        var machine = makeMachine()
        let actions = feed(&machine, "GET / HTTP/1.1\nHost: a\nHost: b\n\nGET / HTTP/1.1\nHost: a\n\n")
        XCTAssertTrue(text(actions.output).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        XCTAssertTrue(text(actions.output).contains("application/problem+json"))
        XCTAssertEqual(actions.close, .afterWrite)
        XCTAssertNil(actions.request)
        XCTAssertEqual(text(feed(&machine, "GET / HTTP/1.1\nHost: a\n\n").output), "")
    }

    /// A buffer the shell hands back takes the next response: a connection does not allocate
    /// one per response. A large one is not kept.
    func testTheNextResponseIsWrittenIntoTheRecycledBuffer() {
        var machine = makeMachine()
        var spare = [UInt8](repeating: 1, count: 2000)
        let address = spare.withUnsafeBufferPointer { $0.baseAddress }
        machine.recycle(&spare)
        XCTAssertEqual(spare.capacity, 0, "the machine took the buffer")
        _ = feed(&machine, "GET / HTTP/1.1\nHost: a\n\n")
        let output = machine.handlerFinished(.json(200, "{}"), now: 1, fixedFields: fixedFields).output
        XCTAssertEqual(output.withUnsafeBufferPointer { $0.baseAddress }, address)
        XCTAssertTrue(text(output).hasPrefix("HTTP/1.1 200 OK\r\nServer: kassa\r\n"))

        var huge = [UInt8](repeating: 1, count: 100_000)
        var other = makeMachine()
        other.recycle(&huge)
        XCTAssertEqual(huge.count, 100_000, "too large to keep: left with the caller")
    }

    func testHeadResponseKeepsContentLengthButHasNoBody() {
        var machine = makeMachine()
        _ = feed(&machine, "HEAD / HTTP/1.1\nHost: a\n\n")
        let out = text(machine.handlerFinished(.json(200, #"{"status":"ok"}"#), now: 1, fixedFields: fixedFields).output)
        XCTAssertTrue(out.contains("Content-Length: 15\r\n"))
        XCTAssertTrue(out.hasSuffix("\r\n\r\n"))
    }

    func testShutdownClosesIdleAtOnceAndFinishesARequestInProgressWithClose() {
        var idle = makeMachine()
        XCTAssertEqual(idle.shutdown().close, .now)
        var busy = makeMachine()
        _ = feed(&busy, "GET / HTTP/1.1\nHost: a\n\n")
        XCTAssertEqual(busy.shutdown().close, .no)
        let done = busy.handlerFinished(.json(200, "{}"), now: 1, fixedFields: fixedFields)
        XCTAssertTrue(text(done.output).contains("Connection: close\r\n"))
        XCTAssertEqual(done.close, .afterWrite)
    }

    func testHandlerHeadersCannotBreakFraming() {
        var machine = makeMachine()
        _ = feed(&machine, "GET / HTTP/1.1\nHost: a\n\n")
        let response = Response(status: 200, headers: ["X-Evil": "a\r\nSet-Cookie: x", "Content-Length": "999"], body: Array("ok".utf8))
        let out = text(machine.handlerFinished(response, now: 1, fixedFields: fixedFields).output)
        XCTAssertFalse(out.contains("Set-Cookie"))
        XCTAssertFalse(out.contains("999"))
        XCTAssertTrue(out.contains("Content-Length: 2\r\n"))
    }
}
