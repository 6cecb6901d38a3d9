import HTTP
import JSON
import Payments
import Store

/// `/healthz`, `/readyz`, `/metrics`.
struct HealthRoutes: Sendable {
    let store: any PaymentStore
    let databasePath: String
    let metrics: Metrics

    func register(on router: inout Router) {
        router.onImmediate(ServiceRoutes.healthz) { _ in Self.healthy }
        router.on(ServiceRoutes.readyz) { _ in await readiness() }
        router.on(ServiceRoutes.metrics) { _ in
            let backlog = try? await store.dueOutboxItems(limit: 10_000).count
            return Response(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                            body: Array(metrics.render(outboxBacklog: backlog).utf8))
        }
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
