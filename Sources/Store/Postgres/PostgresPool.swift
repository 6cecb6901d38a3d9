import Dispatch
import Glibc
import Synchronization

/// A bounded pool of PostgreSQL connections, each owned by a thread of its own: libpq blocks,
/// so no libpq call runs on an HTTP event loop or a Swift concurrency thread. Work waits in
/// one queue; a free thread takes the oldest job and runs it on its connection.
///
/// A thread opens its connection on its first job and again after the server or the network
/// dropped it. When the database cannot be reached, the job fails at once with that error
/// (a refused connection returns immediately; `connect_timeout` bounds a silent one).
final class PostgresPool: Sendable {
    private enum Job: Sendable {
        case work(@Sendable (Result<PostgresConnection, PostgresError>) -> Void)
        case stop
    }

    /// The jobs waiting, and whether the pool is closed: one lock, so no job is queued behind
    /// the threads' stop (where nothing would ever run or fail it).
    private struct Queue {
        var jobs: [Job] = []
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let queued = DispatchSemaphore(value: 0)
    private let parameters: [(keyword: String, value: String)]
    /// Connections currently open (for tests and /metrics-minded operators).
    private let openConnections = Atomic<Int>(0)
    /// How many threads (and at most how many connections).
    let size: Int
    /// The last failed connection attempt: for `retryAfterFailure` after it, threads without a
    /// connection fail their jobs with its error at once instead of each waiting out a connect
    /// timeout of its own (an unreachable database answers requests in microseconds, not seconds).
    private let lastConnectFailure = Mutex<(at: ContinuousClock.Instant, error: PostgresError)?>(nil)
    private let retryAfterFailure: Duration

    /// Constant SQL run on each new connection before its first job (session settings).
    private let setup: String?

    /// Starts `size` threads; no connection is opened before the first job. After a failed
    /// connection attempt, jobs fail at once for `retryAfterFailure`.
    init(parameters: [(keyword: String, value: String)], size: Int, setup: String? = nil,
         retryAfterFailure: Duration = .milliseconds(500)) {
        self.parameters = parameters
        self.setup = setup
        self.retryAfterFailure = retryAfterFailure
        self.size = max(1, size)
        for _ in 0..<self.size {
            PostgresPool.startThread { [self] in self.serve() }
        }
    }

    /// Connections open now.
    var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Runs `body` on a pooled connection and returns its result. Throws the connection's
    /// failure when the database is unreachable.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job.work { connection in continuation.resume(with: Result { try body(try connection.get()) }) }
            let accepted = queue.withLock { queue in
                guard !queue.closed else { return false }
                queue.jobs.append(job)
                return true
            }
            guard accepted else {
                let closed = PostgresError(sqlState: nil, operation: "connect", message: "the store is closed", connectionLost: true)
                return continuation.resume(throwing: closed)
            }
            queued.signal()
        }
    }

    /// Stops the threads once the queued work is done and closes their connections.
    func close() {
        let closing = queue.withLock { queue in
            guard !queue.closed else { return false }
            queue.closed = true
            queue.jobs += Array(repeating: .stop, count: size)
            return true
        }
        guard closing else { return }
        for _ in 0..<size { queued.signal() }
    }

    // One thread's life: take a job, make sure the connection is usable, run the job.
    private func serve() {
        var connection: PostgresConnection?
        while true {
            queued.wait()
            guard let job = queue.withLock({ $0.jobs.isEmpty ? nil : $0.jobs.removeFirst() }) else { continue }
            guard case .work(let body) = job else { break }
            connection?.noticeIdleDisconnect()
            if let open = connection, !open.isUsable {
                open.close()
                connection = nil
                openConnections.subtract(1, ordering: .relaxed)
            }
            if connection == nil {
                let now = ContinuousClock.now
                if let failure = lastConnectFailure.withLock({ $0 }), now - failure.at < retryAfterFailure {
                    body(.failure(failure.error))
                    continue
                }
                do {
                    let opened = try PostgresConnection(parameters: parameters)
                    if let setup { try opened.execute(setup) }
                    connection = opened
                    openConnections.add(1, ordering: .relaxed)
                    lastConnectFailure.withLock { $0 = nil }
                } catch {
                    let failure = error as? PostgresError
                        ?? PostgresError(sqlState: nil, operation: "connect", message: "\(error)", connectionLost: true)
                    lastConnectFailure.withLock { $0 = (ContinuousClock.now, failure) }
                    body(.failure(failure))
                    continue
                }
            }
            body(.success(connection!))
        }
        if connection != nil { openConnections.subtract(1, ordering: .relaxed) }
        connection?.close()
    }

    private final class ThreadBody {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private static func startThread(_ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }
}
