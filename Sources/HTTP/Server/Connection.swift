import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One accepted socket: carries out what `ConnectionStateMachine` decides. Owns the file
/// descriptor and closes it exactly once. Confined to its loop's queue.
final class Connection: @unchecked Sendable {
    // @unchecked: all state is touched only on `loop.queue`; the handler task hops back to it.
    private let fd: Int32
    private let loop: EventLoop
    private unowned let server: HTTPServer
    /// Read on every event: kept here rather than reached through `server` each time.
    private let clock: any ServerClock
    private let responder: any HTTPResponder
    private let outputHighWater: Int
    private var machine: ConnectionStateMachine
    private let watch: LoopPollerWatch
    private var output: [UInt8] = []
    private var outputStart = 0
    private var closeWhenDrained = false
    private var isFlushScheduled = false
    private var lingerDeadline: UInt64?
    private var isClosed = false
    /// The peer, read once: every request of the connection carries it (per-client rate limits).
    private let remoteAddress: IPAddress?
    /// How many times the descriptor was closed: exactly once by the end (checked in `deinit`).
    private var descriptorCloses = 0
    /// The handler that suspended and has not answered yet: cancelled when the client goes.
    private var handlerTask: Task<Void, Never>?

    /// Connections alive in the process: a test checks that closed ones are released (the
    /// watch's strong references to a connection are a cycle until `close()`).
    static let liveCount = Atomic<Int>(0)

    init(fd: Int32, loop: EventLoop, server: HTTPServer) {
        Self.liveCount.add(1, ordering: .relaxed)
        self.fd = fd
        remoteAddress = IPAddress.peer(of: fd)
        self.loop = loop
        self.server = server
        let configuration = server.configuration
        clock = configuration.clock
        responder = server.responder
        outputHighWater = configuration.outputHighWater
        watch = loop.makeWatch(fd: fd)
        machine = ConnectionStateMachine(
            now: configuration.clock.now(), limits: configuration.limits,
            timeouts: .init(head: configuration.headTimeout.nanoseconds, idle: configuration.idleTimeout.nanoseconds,
                            bodyProgress: configuration.bodyTimeout.nanoseconds, send: configuration.sendTimeout.nanoseconds),
            bodyLimit: { [responder = server.responder, limits = configuration.limits] head in
                responder.bodyLimit(for: head) ?? limits.maxBodyLength
            })
    }

    deinit {
        Self.liveCount.subtract(1, ordering: .relaxed)
        assert(isClosed && descriptorCloses == 1, "connection \(fd) released with its descriptor closed \(descriptorCloses) times")
    }

    /// The queue everything of this connection runs on.
    var loopQueue: DispatchQueue { loop.queue }

    /// Starts reading. Called on the loop's queue.
    func start() {
        // A shutdown queued between the accept and this start may have closed it already.
        guard !isClosed else { return }
        // Strong references, a cycle until `close()` stops the watch, which drops its callbacks:
        // no reference count per call (a checked unowned one would cost two atomic operations
        // per event), and none that can outlive the connection.
        watch.start(readable: { [self] in readable() }, writable: { [self] in writable() },
                    batchEnded: { [self] in batchEnded() })
    }

    // MARK: events from the watch, the responder and the server

    private func readable() {
        if lingerDeadline != nil { return drainWhileLingering() }
        let result: IOResult
        do { result = try SystemCall.read(fd, into: loop.readBuffer) } catch { return close() }
        switch result {
        case .wouldBlock:
            return
        case .processed(0):
            perform(machine.receivedEndOfInput(now: clock.now()))
        case .processed(let n):
            perform(machine.received(UnsafeRawBufferPointer(rebasing: loop.readBuffer[..<n]),
                                     now: clock.now(), fixedFields: loop.fixedFields.current()))
        }
    }

    private func handlerFinished(_ response: Response) {
        handlerTask = nil
        guard !isClosed else { return }
        perform(machine.handlerFinished(response, now: clock.now(), fixedFields: loop.fixedFields.current()))
    }

    /// The server's periodic timer.
    func tick(now: UInt64) {
        guard !isClosed else { return }
        if let deadline = lingerDeadline {
            if now >= deadline { close() }
            return
        }
        perform(machine.tick(now: now, fixedFields: loop.fixedFields.current()))
    }

    /// Graceful shutdown: close if idle, else finish the request in progress with `Connection: close`.
    func shutdown() {
        guard !isClosed else { return }
        perform(machine.shutdown())
    }

    /// Immediate close (end of the shutdown grace period).
    func forceClose() {
        if !isClosed { close() }
    }

    // MARK: carrying out actions

    private func perform(_ first: consuming ConnectionStateMachine.Actions) {
        var actions = first
        // The client is gone (or half-closed): a handler still running is told, and whatever
        // it answers is still sent, for a half-closed client that waits for it.
        if actions.cancelsHandler { handlerTask?.cancel() }
        // A loop, not recursion: a handler that answers without suspending hands its response
        // straight back to the machine, which may start the next pipelined request, and so on.
        // The actions are moved, never copied: a request is a dozen references.
        while true {
            if !actions.output.isEmpty {
                if output.isEmpty { swap(&output, &actions.output) } else { output.append(contentsOf: actions.output) }
                // The buffer left over (the sent one, emptied, or the one just copied) takes
                // the next response.
                machine.recycle(&actions.output)
            }
            var startsRequest = false
            if var request = actions.request.take() {
                request.remoteAddress = remoteAddress
                // The machine hands on a request only with the connection staying open.
                assert(actions.close == .no)
                if let response = startHandler(request) {
                    // Its bytes join this turn's output: one send for the whole batch.
                    actions = machine.handlerFinished(response, now: clock.now(), fixedFields: loop.fixedFields.current())
                    continue
                }
                startsRequest = true
            }
            switch actions.close {
            case .now: return close()
            case .afterWrite: closeWhenDrained = true
            case .no: break
            }
            if startsRequest, !output.isEmpty, outputStart == 0 {
                // A response and the next pipelined request whose handler suspended: flush one
                // queue turn later, so a response that comes back quickly shares the send.
                scheduleFlush()
            } else if output.isEmpty || !watch.deferToBatchEnd() {
                flush()
            }
            resumeReadingIfRoom()
            return
        }
    }

    /// Backpressure: read only while the machine wants input and little output is queued.
    private func resumeReadingIfRoom() {
        guard !isClosed, lingerDeadline == nil else { return }
        setReading(machine.wantsToRead && output.count - outputStart < outputHighWater)
    }

    /// The batch of ready connections this one was served in is done: send its output now.
    private func batchEnded() {
        guard !isClosed else { return }
        flush()
        resumeReadingIfRoom()
    }

    /// Runs the handler as a task on this connection's loop, started at once on this thread
    /// (`Task.immediateDetached`). Returns the response when the handler finished without
    /// suspending; otherwise the task reports it later through `handlerFinished`, back on the
    /// loop's queue (its preferred executor), which cannot run before this call returns.
    private func startHandler(_ request: Request) -> Response? {
        // No task at all for what is answered at once (health, echo, 404, 401).
        if let response = responder.respondImmediately(to: request) { return response }
        let slot = InlineResponseSlot()
        let task = Task.immediateDetached(executorPreference: loop) { [self] in
            let response = await responder.respond(to: request)
            if slot.isStarting { slot.response = response } else { handlerFinished(response) }
        }
        slot.isStarting = false
        if let response = slot.response { return response }
        handlerTask = task
        return nil
    }

    private func scheduleFlush() {
        guard !isFlushScheduled else { return }
        isFlushScheduled = true
        loop.queue.async { [self] in
            isFlushScheduled = false
            if !isClosed { flush() }
        }
    }

    private func flush() {
        while outputStart < output.count {
            let result: IOResult
            do {
                result = try output.withUnsafeBytes { try SystemCall.send(fd, UnsafeRawBufferPointer(rebasing: $0[outputStart...])) }
            } catch {
                return close()
            }
            guard case .processed(let n) = result else { break }
            outputStart += n
        }
        let now = clock.now()
        if outputStart < output.count {
            machine.outputProgress(pending: true, now: now)
            setWriting(true)
            return
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputStart = 0
        machine.outputProgress(pending: false, now: now)
        setWriting(false)
        if closeWhenDrained { startLingering(now: now) }
    }

    private func writable() {
        flush()
        if !isClosed, lingerDeadline == nil, outputStart == output.count {
            setReading(machine.wantsToRead)
        }
    }

    private func setReading(_ on: Bool) { watch.setReading(on) }

    private func setWriting(_ on: Bool) { watch.setWriting(on) }

    // MARK: closing

    /// After the last response: half-close and read until the peer closes or a short deadline,
    /// so that unread request bytes do not turn our close into an RST that destroys the
    /// response before the peer reads it (nginx `lingering_close`).
    private func startLingering(now: UInt64) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        lingerDeadline = now + server.configuration.lingerTimeout.nanoseconds
        setReading(true)
    }

    private func drainWhileLingering() {
        for _ in 0..<16 {
            guard case .processed(let n)? = try? SystemCall.read(fd, into: loop.readBuffer) else { return }
            if n == 0 { return close() }
        }
    }

    private func close() {
        guard !isClosed else { return }
        isClosed = true
        output = []
        // A handler still running serves nobody now (the sandbox releases a held request).
        handlerTask?.cancel()
        handlerTask = nil
        // The descriptor is closed only once the watch can no longer call back.
        watch.stop { [self] in
            descriptorCloses += 1
            SystemCall.close(fd)
            server.connectionClosed(self)
        }
    }
}

/// Where a handler that finished without suspending leaves its response for `startHandler`.
private final class InlineResponseSlot: @unchecked Sendable {
    // @unchecked: touched only on the connection's loop queue, by the caller and by the task,
    // whose later resumption is queued behind the caller.
    var isStarting = true
    var response: Response?
}
