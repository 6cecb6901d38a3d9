import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `GET /v1/checkouts/{id}`: the checkout with its history.
    func getCheckout(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            return .json(200, Representation.checkout(checkout, history: try await store.events(of: checkout.id),
                                                      refunds: try await service.refunds(of: checkout.id)))
        }
    }

    /// `GET /v1/orders/{reference}`: the order's aggregate status and every attempt.
    func getOrder(_ request: Request) async -> Response {
        await answering {
            let reference = request.parameters["reference"] ?? ""
            guard let order = try await store.order(reference: reference) else { throw APIProblem.notFound("no order \(reference)") }
            return .json(200, Representation.order(order))
        }
    }

    /// `GET /v1/events?after=&limit=`: the shop's event log, oldest first.
    func listEvents(_ request: Request) async -> Response {
        await answering {
            var errors: [JSONFieldError] = []
            let after = Int64(request.query("after") ?? "0")
            let limit = Int(request.query("limit") ?? "100")
            if after == nil || after! < 0 { errors.append(JSONFieldError(path: [.key("after")], message: "must be a non-negative integer")) }
            if limit == nil || !(1...1000).contains(limit!) { errors.append(JSONFieldError(path: [.key("limit")], message: "must be 1 to 1000")) }
            guard errors.isEmpty, let after, let limit else { throw APIProblem.validation(errors) }
            let events = try await store.events(after: after, limit: limit)
            return .json(200, ["events": .array(events.map(Representation.event)),
                               "next_after": .number(JSONNumber(events.last?.sequence ?? after))])
        }
    }
}
