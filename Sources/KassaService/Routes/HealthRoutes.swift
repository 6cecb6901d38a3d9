import FoundationEssentials
import HTTP
import JSON
import Payments
import Store

/// `/healthz`, `/readyz`, `/metrics`.
struct HealthRoutes: Sendable {
    let store: any KassaStore
    let metrics: Metrics
    /// The logger's dropped-line count (`Logger.droppedLines`).
    var droppedLogLines: @Sendable () -> Int = { 0 }
    /// The service's clock (tests: a moved one), for the ages in `/metrics`.
    var now: @Sendable () -> Date = { Date() }
    /// The write probe's last answer, reused for `probeInterval` (a load balancer polling
    /// `/readyz` many times a second must not cost a flush each).
    let writeProbe: CachedWriteProbe

    func register(on router: inout Router) {
        router.onImmediate(ServiceRoutes.healthz) { _ in Self.healthy }
        router.on(ServiceRoutes.readyz) { _ in await readiness() }
        router.on(ServiceRoutes.metrics) { _ in
            let backlog = try? await store.dueOutboxItems(limit: 10_000).count
            let dead = try? await store.deadEventCount()
            // nil when the store cannot be read (no sample rather than a false zero); 0 when none is flagged.
            let needsSyncAge = (try? await store.oldestNeedsSyncChange())
                .map { oldest in oldest.map { max(0, Int(now().timeIntervalSince($0).rounded())) } ?? 0 }
            return Response(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                            body: Array((metrics.render(outboxBacklog: backlog) + droppedLinesExposition()
                                          + EventMetrics.deadEventsExposition(dead)
                                          + EventMetrics.needsSyncExposition(ageSeconds: needsSyncAge)
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
            // A PostgreSQL server gone (or a SQLite file that cannot be opened): the load
            // balancer takes this instance out until the database is back.
            if fault.kind == .cannotOpen {
                return APIProblem(status: 503, code: "store_unreachable",
                                  detail: "the store \(store.location) cannot be reached").response
            }
            return APIProblem(status: 503, code: "store_not_writable",
                              detail: "the store \(store.location) cannot write: \(fault.kind.rawValue)").response
        }
        do {
            try await store.checkReadiness()
            let (version, latest) = try await store.schemaVersions()
            guard version >= latest else {
                return APIProblem(status: 503, code: "not_ready", detail: "schema version \(version), expected \(latest)").response
            }
            return .json(200, ["status": "ready", "schema_version": .number(JSONNumber(version))])
        } catch let error as PaymentStoreError where error == .storeUnavailable {
            return APIProblem(status: 503, code: "store_unreachable", detail: "the store \(store.location) cannot be reached").response
        } catch {
            return APIProblem(status: 503, code: "not_ready", detail: "the store \(store.location) is not reachable").response
        }
    }
}
