import FoundationEssentials
import HTTP
import JSON
import Payments
import Store

/// `POST /v1/events/{id}/redeliver` and `GET /v1/events/{id}/deliveries`: what a shop
/// developer needs to debug their webhook endpoint without waiting for the schedule.
struct EventRoutes: Sendable {
    let api: PaymentAPI
    let store: any KassaStore
    /// The deliverer; nil without `shop.webhook_url` (nothing is pushed, nothing to redeliver).
    let deliverer: EventDeliverer?

    func register(on router: inout Router) {
        router.on(ServiceRoutes.redeliverEvent, redeliver)
        router.on(ServiceRoutes.eventDeliveries, deliveries)
    }

    /// Queues the event again, due now, with a fresh schedule; `202` with the event id.
    func redeliver(_ request: Request) async -> Response {
        await api.answering {
            guard deliverer != nil else {
                throw APIProblem(status: 409, code: "webhook_not_configured",
                                 detail: "events are not pushed: shop.webhook_url is not configured")
            }
            let id = EventID(request.parameters["id"] ?? "")
            guard try await store.redeliverEvent(id) else { throw APIProblem.notFound("no event \(id.rawValue) in the event log") }
            // The deliverer's next pass (within a second) sends it; the attempt shows in /deliveries.
            return .json(202, ["id": .string(id.rawValue), "status": "queued"])
        }
    }

    /// Every attempt of the event, oldest first: time, HTTP status, duration, error.
    func deliveries(_ request: Request) async -> Response {
        await api.answering {
            let id = EventID(request.parameters["id"] ?? "")
            guard let attempts = try await store.deliveryAttempts(of: id) else {
                throw APIProblem.notFound("no event \(id.rawValue) in the event log")
            }
            return .json(200, ["object": "list", "event_id": .string(id.rawValue), "data": .array(attempts.map { attempt in
                .object([
                    "attempted_at": .string(Timestamp.rfc3339(attempt.attemptedAt)),
                    "http_status": attempt.httpStatus.map { .number(JSONNumber($0)) } ?? .null,
                    "duration_ms": .number(JSONNumber(attempt.durationMilliseconds)),
                    "error": attempt.error.map(JSONValue.string) ?? .null,
                ])
            })])
        }
    }
}
