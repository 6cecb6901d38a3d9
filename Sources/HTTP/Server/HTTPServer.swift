import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 server: a non-blocking listener whose accept loop runs on a Dispatch read
/// source, connections spread over a few serial event-loop queues, and a periodic timer that
/// enforces every timeout. Knows nothing about payments.
public final class HTTPServer: @unchecked Sendable {
    // @unchecked: the registry is behind `state`'s mutex; `responder` is written only before
    // accepting starts (connections read it after); everything else is immutable or confined
    // to `acceptQueue`.
    let configuration: Configuration
    private(set) var responder: any HTTPResponder
    private let loops: [EventLoop]
    private let acceptQueue = DispatchQueue(label: "kassa.http.accept")
    private var listenFD: Int32 = -1
    private var acceptSource: DispatchSourceRead?
    private var timer: DispatchSourceTimer?
    private var nextLoop = 0
    private let state = Mutex(Registry())

    private struct Registry {
        var connections: [ObjectIdentifier: Connection] = [:]
        var isShuttingDown = false
        var shutdownFinished: (@Sendable () -> Void)?
    }

    /// The port actually bound (useful with port 0).
    public private(set) var port = 0

    /// A server that will hand requests to `responder` once started.
    public init(configuration: Configuration, responder: some HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
        loops = (0..<max(1, configuration.eventLoopCount)).map { EventLoop(index: $0, serverName: configuration.serverName) }
    }

    deinit {
        // Each connection leaves the registry once, when its descriptor is closed; one still
        // here would outlive the server it reports to.
        let left = state.withLock { $0.connections.count }
        assert(left == 0, "server released with \(left) connections open")
    }

    /// Binds the address without accepting yet, so that `port` is known before the responder
    /// is built (`start(responder:)`). Throws if the address cannot be bound.
    public func bind() throws {
        guard listenFD < 0 else { return }
        signal(SIGPIPE, SIG_IGN)
        for loop in loops { try loop.poller.open() }
        let (fd, boundPort) = try Listener.open(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        listenFD = fd
        port = boundPort
    }

    /// Starts accepting with `responder` in place of the one given at creation. Connections
    /// that arrived since `bind()` wait in the listen backlog until then.
    public func start(responder: some HTTPResponder) throws {
        self.responder = responder
        try start()
    }

    /// Binds (unless `bind()` did) and starts accepting.
    public func start() throws {
        try bind()
        let fd = listenFD
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
        source.setEventHandler { [unowned self] in acceptAll() }
        source.setCancelHandler { SystemCall.close(fd) }
        acceptSource = source
        source.resume()
        if let interval = configuration.timeoutCheckInterval {
            let t = DispatchSource.makeTimerSource(queue: acceptQueue)
            t.schedule(deadline: .now() + interval.timeInterval, repeating: interval.timeInterval, leeway: .milliseconds(50))
            t.setEventHandler { [unowned self] in checkTimeouts() }
            timer = t
            t.resume()
        }
    }

    /// The number of open connections.
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// Enforces every timeout against the configured clock now. Called by the periodic timer;
    /// tests with a manual clock call it after advancing the clock.
    public func checkTimeouts() {
        let now = configuration.clock.now()
        for connection in state.withLock({ Array($0.connections.values) }) {
            connection.loopQueue.async { connection.tick(now: now) }
        }
    }

    /// Graceful shutdown: stop accepting, close idle connections, let requests in progress
    /// finish within the grace period, then close whatever is left. Returns when all are closed.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            beginShutdown { continuation.resume() }
        }
    }


    private func beginShutdown(_ finished: @escaping @Sendable () -> Void) {
        let connections: [Connection]? = state.withLock { registry in
            guard !registry.isShuttingDown else { return nil }
            registry.isShuttingDown = true
            registry.shutdownFinished = finished
            return Array(registry.connections.values)
        }
        guard let connections else { return finished() }
        acceptQueue.async { [self] in
            acceptSource?.cancel()
            acceptSource = nil
        }
        for connection in connections { connection.loopQueue.async { connection.shutdown() } }
        acceptQueue.asyncAfter(deadline: .now() + configuration.shutdownGracePeriod.timeInterval) { [self] in
            for connection in state.withLock({ Array($0.connections.values) }) {
                connection.loopQueue.async { connection.forceClose() }
            }
        }
        finishShutdownIfDrained()
    }

    private func finishShutdownIfDrained() {
        let finished: (@Sendable () -> Void)? = state.withLock { registry in
            guard registry.isShuttingDown, registry.connections.isEmpty, let f = registry.shutdownFinished else { return nil }
            registry.shutdownFinished = nil
            return f
        }
        guard let finished else { return }
        acceptQueue.async { [self] in
            timer?.cancel()
            timer = nil
            for loop in loops { loop.queue.async { loop.poller.close() } }
            finished()
        }
    }

    // MARK: accepting

    private func acceptAll() {
        while true {
            let fd: Int32?
            do {
                fd = try SystemCall.accept(listenFD)
            } catch {
                // EMFILE/ENFILE: the level-triggered source would spin; pause accepting briefly.
                acceptSource?.suspend()
                acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in acceptSource?.resume() }
                return
            }
            guard let fd else { return }
            SystemCall.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            let loop = loops[nextLoop]
            nextLoop = (nextLoop + 1) % loops.count
            let connection = state.withLock { registry -> Connection? in
                guard registry.connections.count < configuration.maxConnections, !registry.isShuttingDown else { return nil }
                let connection = Connection(fd: fd, loop: loop, server: self)
                registry.connections[ObjectIdentifier(connection)] = connection
                return connection
            }
            if let connection {
                loop.queue.async { connection.start() }
            } else {
                refuse(fd)
            }
        }
    }

    /// Over the connection cap: a best-effort 503 and close, without registering the connection.
    private func refuse(_ fd: Int32) {
        var out = [UInt8]()
        ResponseWriter.write(.problem(503, detail: "too many connections", requestID: RequestID.make()),
                             to: &out, isHead: false, keepAlive: false, version: .http1_1,
                             fixedFields: FixedFields.bytes(serverName: configuration.serverName, date: FixedFields.format(time(nil))))
        _ = out.withUnsafeBytes { try? SystemCall.send(fd, $0) }
        SystemCall.close(fd)
    }

    /// A connection's descriptor is closed: called exactly once per connection.
    func connectionClosed(_ connection: Connection) {
        let wasRegistered = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(connection)) != nil }
        assert(wasRegistered, "a connection reported its close twice")
        finishShutdownIfDrained()
    }
}

extension Duration {
    var timeInterval: DispatchTimeInterval { .nanoseconds(Int(clamping: nanoseconds)) }
}
