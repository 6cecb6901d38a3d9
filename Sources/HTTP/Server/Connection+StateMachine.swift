/// The lifecycle of one connection, as a pure state machine: bytes, handler results, timer
/// ticks and shutdown go in; what to write, which request to hand to the responder, and
/// whether to close come out. No socket, no clock, no thread: `Connection` carries out the actions.
struct ConnectionStateMachine {
    /// What the I/O shell must do after an event, in this order: cancel the running handler
    /// when `cancelsHandler`, write `output`, start the handler for `request`, then close as
    /// `close` says.
    struct Actions {
        var output: [UInt8] = []
        var request: Request?
        var close: Close = .no
        var cancelsHandler = false
    }

    enum Close: Equatable {
        case no
        /// Send what is queued, then close (lingering, so the peer reads the last response).
        case afterWrite
        /// Close at once: the peer is gone or stalled.
        case now
    }

    /// Timeouts, in nanoseconds.
    struct Timeouts {
        var head: UInt64
        var idle: UInt64
        var bodyProgress: UInt64
        var send: UInt64
    }

    private enum State {
        /// Between requests, nothing buffered: the idle timeout runs.
        case idle(since: UInt64)
        /// Part of a head has arrived: it must be complete within the head timeout (slowloris).
        case readingHead(since: UInt64)
        /// The body is arriving: each read must come within the body progress timeout.
        case readingBody(head: RequestHead, body: [UInt8], lastProgress: UInt64)
        /// The responder has the request; what its response needs to know of it.
        case handling(PendingResponse)
        /// The last response is queued; nothing more is read or parsed.
        case closing
    }

    /// What writing the response needs of its request: kept instead of the head, which is a
    /// dozen references to copy and release.
    private struct PendingResponse {
        let isHead: Bool
        let version: HTTPVersion
        let wantsKeepAlive: Bool

        init(_ head: RequestHead) {
            isHead = head.method == "HEAD"
            version = head.version
            wantsKeepAlive = head.wantsKeepAlive
        }
    }

    private var state: State
    private var parser: RequestParser
    private var input: [UInt8] = []
    private var inputStart = 0
    private let timeouts: Timeouts
    private let bodyLimit: (RequestHead) -> Int
    private var isShuttingDown = false
    private var peerClosedInput = false
    /// When queued output last made progress; nil when nothing is queued.
    private var outputStalledSince: UInt64?
    /// An empty buffer with room, handed back by the shell once sent (`recycle`): the next
    /// response is written into it, so a connection does not allocate one per response.
    private var spareOutput: [UInt8] = []

    init(now: UInt64, limits: HTTPLimits, timeouts: Timeouts, bodyLimit: @escaping (RequestHead) -> Int) {
        state = .idle(since: now)
        parser = RequestParser(limits: limits)
        self.timeouts = timeouts
        self.bodyLimit = bodyLimit
    }

    /// Takes back an output buffer the shell has no more use for, keeping its capacity when
    /// that is modest.
    mutating func recycle(_ buffer: inout [UInt8]) {
        guard spareOutput.capacity == 0, buffer.capacity <= Self.maxSpareCapacity else { return }
        buffer.removeAll(keepingCapacity: true)
        swap(&spareOutput, &buffer)
    }

    private static let maxSpareCapacity = 64 * 1024

    /// Whether the shell should read from the socket now. While the responder has a request,
    /// bytes that arrive (a pipelined next request) are buffered but not parsed, up to a bound;
    /// past it reading stops. Keeping the read source armed meanwhile matters: suspending and
    /// resuming a Dispatch source costs a round trip through libdispatch's manager thread.
    var wantsToRead: Bool {
        // After the peer's end of input there is nothing more to read, and a level-triggered
        // watch would report that end again and again while a handler runs.
        if peerClosedInput { return false }
        return switch state {
        case .idle, .readingHead, .readingBody: true
        case .handling: input.count - inputStart < Self.maxBufferedWhileHandling
        case .closing: false
        }
    }

    private static let maxBufferedWhileHandling = 64 * 1024

    private var isParsing: Bool {
        switch state {
        case .idle, .readingHead, .readingBody: true
        case .handling, .closing: false
        }
    }

    /// True when no request is in progress, so shutdown may close at once.
    var isIdle: Bool {
        if case .idle = state, inputStart == input.count { return true }
        return false
    }

    // MARK: events

    /// Bytes arrived.
    /// `fixedFields` is evaluated only for a response the machine writes itself (an error): a
    /// read that completes a request writes nothing.
    mutating func received(_ bytes: UnsafeRawBufferPointer, now: UInt64, fixedFields: @autoclosure () -> [UInt8]) -> Actions {
        guard wantsToRead else { return Actions() }
        // Responses go out in request order: the next request waits for this one's answer.
        if case .handling = state {
            input.append(contentsOf: bytes)
            return Actions()
        }
        guard input.isEmpty else {
            input.append(contentsOf: bytes)
            return processBuffered(now: now, fixedFields: fixedFields())
        }
        // Nothing buffered (the usual case): parsed straight from the read; only what is left
        // over (part of a head, a pipelined request) is kept.
        return bytes.withMemoryRebound(to: UInt8.self) { source in
            var position = 0
            let actions = process(source, from: &position, now: now, fixedFields: fixedFields())
            if position < source.count { input.append(contentsOf: UnsafeBufferPointer(rebasing: source[position...])) }
            return actions
        }
    }

    /// The peer shut down its side (read returned 0).
    mutating func receivedEndOfInput(now: UInt64) -> Actions {
        peerClosedInput = true
        switch state {
        // A half-closed client may still wait for the answer to a complete request, but a
        // client that has gone looks the same (a FIN either way): the handler is cancelled,
        // as nginx aborts a request on a client's end of input, and what it still answers is sent.
        case .handling: return Actions(cancelsHandler: true)
        case .closing: return Actions()
        case .idle, .readingHead, .readingBody: return Actions(close: .now)
        }
    }

    /// The responder answered the request in progress.
    mutating func handlerFinished(_ response: Response, now: UInt64, fixedFields: [UInt8]) -> Actions {
        guard case .handling(let pending) = state else { preconditionFailure("invalid state \(state) for a response") }
        let keepAlive = pending.wantsKeepAlive && !isShuttingDown && !peerClosedInput
            && !(response.headers["Connection"].map { $0.equalsIgnoringASCIICase("close") } ?? false)
        var output: [UInt8] = []
        swap(&output, &spareOutput)
        ResponseWriter.write(response, to: &output, isHead: pending.isHead, keepAlive: keepAlive,
                             version: pending.version, fixedFields: fixedFields)
        guard keepAlive else {
            state = .closing
            return Actions(output: output, close: .afterWrite)
        }
        state = .idle(since: now)
        // Nothing buffered (the usual case): nothing to parse.
        if inputStart == input.count, parser.isBetweenMessages { return Actions(output: output) }
        // Pipelined requests already buffered are served next, in order.
        var next = processBuffered(now: now, fixedFields: fixedFields)
        output.append(contentsOf: next.output)
        next.output = output
        return next
    }

    /// The shell wrote everything queued (nil) or is still waiting to (the time of the last progress).
    mutating func outputProgress(pending: Bool, now: UInt64) {
        outputStalledSince = pending ? now : nil
    }

    /// The periodic timer: enforces every timeout.
    mutating func tick(now: UInt64, fixedFields: [UInt8]) -> Actions {
        // A client that never reads its responses is dropped (nginx `send_timeout`).
        if let since = outputStalledSince, elapsed(since, now) > timeouts.send { return Actions(close: .now) }
        switch state {
        case .idle(let since):
            return elapsed(since, now) > timeouts.idle ? Actions(close: .now) : Actions()
        case .readingHead(let since):
            return elapsed(since, now) > timeouts.head ? fail(status: 408, detail: "request head timed out", fixedFields: fixedFields) : Actions()
        case .readingBody(_, _, let last):
            return elapsed(last, now) > timeouts.bodyProgress ? fail(status: 408, detail: "request body timed out", fixedFields: fixedFields) : Actions()
        case .handling, .closing:
            return Actions()
        }
    }

    /// Time since `instant`; zero when `instant` is later (a tick computed `now` before this
    /// connection last moved on another thread).
    private func elapsed(_ instant: UInt64, _ now: UInt64) -> UInt64 { now > instant ? now - instant : 0 }

    /// Graceful shutdown: idle connections close now; a request in progress gets its response
    /// with `Connection: close`.
    mutating func shutdown() -> Actions {
        isShuttingDown = true
        if case .idle = state, inputStart == input.count { return Actions(close: .now) }
        return Actions()
    }

    // MARK: parsing

    /// Parses the buffered input.
    private mutating func processBuffered(now: UInt64, fixedFields: @autoclosure () -> [UInt8]) -> Actions {
        // The loop changes `self`: it reads the bytes through a reference of its own.
        let buffered = input
        var position = inputStart
        let actions = buffered.withUnsafeBufferPointer { process($0, from: &position, now: now, fixedFields: fixedFields()) }
        inputStart = position
        compactInput()
        return actions
    }

    /// Parses `source` from `position` on, moving `position` past what it consumed.
    private mutating func process(_ source: UnsafeBufferPointer<UInt8>, from position: inout Int, now: UInt64,
                                  fixedFields: @autoclosure () -> [UInt8]) -> Actions {
        // Kept apart and put together at the end: an `Actions` built up in place was copied
        // whole (a request's dozen references) on the way out.
        var output: [UInt8] = []
        var request: Request?
        var close = Close.no
        parsing: while isParsing {
            let (event, consumed) = parser.parse(UnsafeBufferPointer(rebasing: source[position...]))
            let eventStart = position
            position += consumed
            switch consume event {
            case .needMore:
                if case .idle = state, !parser.isBetweenMessages || position < source.count {
                    state = .readingHead(since: now)
                }
                break parsing
            case .head(let head):
                // The route's limit matters only to a body: a request without one skips the lookup.
                if head.framing != .none {
                    let limit = bodyLimit(head)
                    // RFC 9110 §10.1.1: refuse from Content-Length before any 100 Continue or body.
                    if case .length(let n) = head.framing, n > limit {
                        output += fail(status: 413, detail: "request body exceeds \(limit) bytes", fixedFields: fixedFields()).output
                        close = .afterWrite
                        break parsing
                    }
                    parser.bodyLimit = limit
                }
                if head.expectsContinue { output += ResponseWriter.continueLine }
                state = .readingBody(head: head, body: [], lastProgress: now)
            case .body(let n):
                // Taken out of the state, not copied: the body's storage stays unique, so the
                // append does not copy it, and the head is not retained again.
                guard case .readingBody(let head, var body, _) = takeState() else { preconditionFailure("invalid state for body") }
                body.append(contentsOf: UnsafeBufferPointer(rebasing: source[eventStart + consumed - n ..< eventStart + consumed]))
                state = .readingBody(head: head, body: body, lastProgress: now)
            case .end:
                guard case .readingBody(let head, let body, _) = takeState() else { preconditionFailure("invalid state at end") }
                state = .handling(PendingResponse(head))
                request = Request(head: head, body: body)
            case .error(let error):
                output += fail(status: error.status, detail: error.shortDescription, fixedFields: fixedFields()).output
                close = .afterWrite
                break parsing
            }
        }
        return Actions(output: output, request: request, close: close)
    }

    /// The state, moved out; `.closing` is left in its place until the caller sets the next.
    private mutating func takeState() -> State {
        var taken = State.closing
        swap(&taken, &state)
        return taken
    }

    /// Answers once with `Connection: close`; nothing after it is parsed (RFC 9112 §11.2).
    private mutating func fail(status: Int, detail: String, fixedFields: [UInt8]) -> Actions {
        state = .closing
        var actions = Actions(close: .afterWrite)
        // The server answers these before any handler runs; they carry a request id all the same.
        ResponseWriter.write(.problem(status, detail: detail, requestID: RequestID.make()), to: &actions.output, isHead: false, keepAlive: false,
                             version: .http1_1, fixedFields: fixedFields)
        return actions
    }

    private mutating func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 32 * 1024 {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }
}
