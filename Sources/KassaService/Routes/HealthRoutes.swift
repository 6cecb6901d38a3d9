import HTTP
import JSON
import Payments
import Store
import Synchronization

/// `/healthz`, `/readyz`, `/metrics`.
struct HealthRoutes: Sendable {
    let store: SQLiteStore
    let databasePath: String
    let metrics: Metrics
    /// The logger's dropped-line count (`Logger.droppedLines`).
    var droppedLogLines: @Sendable () -> Int = { 0 }
    /// The write probe's last answer, reused for `probeInterval` (a load balancer polling
    /// `/readyz` many times a second must not cost a flush each).
    let writeProbe: CachedWriteProbe

    func register(on router: inout Router) {
        router.onImmediate(ServiceRoutes.healthz) { _ in Self.healthy }
        router.on(ServiceRoutes.readyz) { _ in await readiness() }
        router.on(ServiceRoutes.metrics) { _ in
            let backlog = try? await store.dueOutboxItems(limit: 10_000).count
            let dead = try? await store.deadEventCount()
            return Response(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                            body: Array((metrics.render(outboxBacklog: backlog) + droppedLinesExposition()
                                          + EventMetrics.deadEventsExposition(dead)
                                          + Self.storeErrorsExposition(store.storageFaultCounts)).utf8))
        }
    }

    /// Lines the log writer dropped rather than stall a loop (its buffer full, or standard
    /// output refusing them): kept beside the service's metrics, which never see the logger.
    private func droppedLinesExposition() -> String {
        "# HELP kassa_log_lines_dropped_total Log lines dropped instead of waiting for a full or refusing standard output.\n"
            + "# TYPE kassa_log_lines_dropped_total counter\nkassa_log_lines_dropped_total \(droppedLogLines())\n"
    }

    /// `kassa_store_errors_total{kind=…}`: every kind of the fixed set, zero included, so an
    /// alert's query has a series before the first failure.
    static func storeErrorsExposition(_ counts: [StorageFault.Kind: Int]) -> String {
        var text = "# HELP kassa_store_errors_total Storage failures by kind (read_only, disk_full, io_error, corrupt, busy, cannot_open, other).\n"
            + "# TYPE kassa_store_errors_total counter\n"
        for kind in StorageFault.Kind.allCases {
            text += "kassa_store_errors_total{kind=\"\(kind.rawValue)\"} \(counts[kind] ?? 0)\n"
        }
        return text
    }

    /// Built and prepared once: the liveness probe is the most frequent request of all.
    /// The security headers are in it already (the middleware would otherwise add them to a copy).
    private static let healthy = Response.json(200, #"{"status":"ok"}"#, headers: SecurityHeaders.all([:])).prepared()

    /// Ready when the database answers, a write reaches it, and every migration this binary
    /// knows is applied. A 503 names the store and what stops it (`disk_full`, `read_only`…).
    func readiness() async -> Response {
        if let fault = await writeProbe.check() {
            return APIProblem(status: 503, code: "store_not_writable",
                              detail: "the store \(databasePath) cannot write: \(fault.kind.rawValue)").response
        }
        do {
            try await store.checkReadiness()
            let version = try SQLiteStore.schemaVersion(path: databasePath)
            let latest = Schema.migrations.last?.version ?? 0
            guard version >= latest else {
                return APIProblem(status: 503, code: "not_ready", detail: "schema version \(version), expected \(latest)").response
            }
            return .json(200, ["status": "ready", "schema_version": .number(JSONNumber(version))])
        } catch {
            return APIProblem(status: 503, code: "not_ready", detail: "the store \(databasePath) is not reachable").response
        }
    }
}

/// The store's write probe (`SQLiteStore.writeProbe()`), run at most once per interval: callers
/// within it share the last answer, and concurrent callers share one probe in flight.
final class CachedWriteProbe: Sendable {
    private struct State {
        var answer: StorageFault?
        var answeredAt: ContinuousClock.Instant?
        var inFlight: Task<StorageFault?, Never>?
    }

    private let store: SQLiteStore
    private let interval: Duration
    private let state = Mutex(State())

    /// A probe of `store` reused for `interval` (about a second: long enough to spare the disk,
    /// short enough for a load balancer to see a fault at its next poll).
    init(store: SQLiteStore, interval: Duration = .seconds(1)) {
        self.store = store
        self.interval = interval
    }

    /// The last answer if it is recent, else a fresh probe's.
    func check() async -> StorageFault? {
        let now = ContinuousClock.now
        enum Next { case cached(StorageFault?), wait(Task<StorageFault?, Never>) }
        let next: Next = state.withLock { state in
            if let at = state.answeredAt, now - at < interval { return .cached(state.answer) }
            if let running = state.inFlight { return .wait(running) }
            let running = Task { [store] in await store.writeProbe() }
            state.inFlight = running
            return .wait(running)
        }
        guard case .wait(let task) = next else {
            if case .cached(let answer) = next { return answer }
            return nil
        }
        let answer = await task.value
        state.withLock { state in
            guard state.inFlight == task else { return }
            state.inFlight = nil
            state.answer = answer
            state.answeredAt = ContinuousClock.now
        }
        return answer
    }
}
