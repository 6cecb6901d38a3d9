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

    /// `GET /v1/checkouts?order_reference=&status=&provider=&created_after=&limit=&starting_after=`:
    /// a page of checkouts, newest first, without their histories. `has_more` says whether a
    /// next page exists; it starts after the last id of this one.
    func listCheckouts(_ request: Request) async -> Response {
        await answering {
            var query = try CheckoutListRequest.parse { request.query($0) }
            let limit = query.limit
            query.limit = limit + 1  // one more than asked: whether there is a next page
            let page: [Checkout]
            do {
                page = try await store.checkouts(matching: query)
            } catch let error as PaymentStoreError where error == .checkoutNotFound {
                // The cursor is a parameter the client sent: a 422 naming it, not a 404 of the list.
                throw APIProblem.validation([JSONFieldError(path: [.key("starting_after")], message: "no such checkout")])
            }
            return .json(200, ["object": "list", "data": .array(page.prefix(limit).map { Representation.checkout($0) }),
                               "has_more": .bool(page.count > limit)])
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

    /// `GET /v1/events?after=&limit=&checkout_id=&order_reference=&type=`: the shop's event
    /// log, oldest first; `type` is a published type (`checkout.paid`).
    func listEvents(_ request: Request) async -> Response {
        await answering {
            var errors: [JSONFieldError] = []
            let after = Int64(request.query("after") ?? "0")
            let limit = Int(request.query("limit") ?? "100")
            if after == nil || after! < 0 { errors.append(JSONFieldError(path: [.key("after")], message: "must be a non-negative integer")) }
            if limit == nil || !(1...1000).contains(limit!) { errors.append(JSONFieldError(path: [.key("limit")], message: "must be 1 to 1000")) }
            var filter = EventLogFilter(checkoutID: request.query("checkout_id").map(CheckoutID.init),
                                        orderReference: request.query("order_reference"))
            if let type = request.query("type") {
                if let match = EventType.filter(for: type) {
                    (filter.kind, filter.newStatus, filter.noticeType) = (match.kind, match.newStatus, match.noticeType)
                } else {
                    errors.append(JSONFieldError(path: [.key("type")], message: "must be one of " + EventType.published.joined(separator: ", ")))
                }
            }
            guard errors.isEmpty, let after, let limit else { throw APIProblem.validation(errors) }
            let events = try await store.events(after: after, limit: limit, filter: filter)
            return .json(200, ["events": .array(events.map(Representation.event)),
                               "next_after": .number(JSONNumber(events.last?.sequence ?? after))])
        }
    }
}
