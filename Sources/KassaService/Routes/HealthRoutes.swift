import HTTP
import JSON
import Payments
import Store

/// `/healthz`, `/readyz`, `/metrics`.
struct HealthRoutes: Sendable {
    let store: any PaymentStore
    let databasePath: String
    let metrics: Metrics
    /// The logger's dropped-line count (`Logger.droppedLines`).
    var droppedLogLines: @Sendable () -> Int = { 0 }

    func register(on router: inout Router) {
        router.onImmediate(ServiceRoutes.healthz) { _ in Self.healthy }
        router.on(ServiceRoutes.readyz) { _ in await readiness() }
        router.on(ServiceRoutes.metrics) { _ in
            let backlog = try? await store.dueOutboxItems(limit: 10_000).count
            // The SQLite store keeps the delivery state; a store without one reports no sample.
            let dead = try? await (store as? SQLiteStore)?.deadEventCount()
            return Response(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                            body: Array((metrics.render(outboxBacklog: backlog) + droppedLinesExposition()
                                          + EventMetrics.deadEventsExposition(dead)).utf8))
        }
    }

    /// Lines the log writer dropped rather than stall a loop (its buffer full, or standard
    /// output refusing them): kept beside the service's metrics, which never see the logger.
    private func droppedLinesExposition() -> String {
        "# HELP kassa_log_lines_dropped_total Log lines dropped instead of waiting for a full or refusing standard output.\n"
            + "# TYPE kassa_log_lines_dropped_total counter\nkassa_log_lines_dropped_total \(droppedLogLines())\n"
    }

    /// Built and prepared once: the liveness probe is the most frequent request of all.
    /// The security headers are in it already (the middleware would otherwise add them to a copy).
    private static let healthy = Response.json(200, #"{"status":"ok"}"#, headers: SecurityHeaders.all([:])).prepared()

    /// Ready when the database answers and every migration this binary knows is applied.
    func readiness() async -> Response {
        do {
            try await store.checkReadiness()
            let version = try SQLiteStore.schemaVersion(path: databasePath)
            let latest = Schema.migrations.last?.version ?? 0
            guard version >= latest else {
                return APIProblem(status: 503, code: "not_ready", detail: "schema version \(version), expected \(latest)").response
            }
            return .json(200, ["status": "ready", "schema_version": .number(JSONNumber(version))])
        } catch {
            return APIProblem(status: 503, code: "not_ready", detail: "the database is not reachable").response
        }
    }
}
