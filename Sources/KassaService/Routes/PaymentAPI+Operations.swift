import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `POST /v1/checkouts/{id}/refresh`: asks the provider now and applies its answer.
    func refresh(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            return .json(200, Representation.checkout(try await synchronize(checkout, source: .api)))
        }
    }

    /// `POST /v1/checkouts/{id}/capture` (body optional: `{"amount": …}`; default all).
    func capture(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            let body = try parseJSONBody(request, allowEmpty: true)
            let amount = try optionalAmount(JSONCursor(body)["amount"], checkout: checkout, limit: checkout.amount.minorUnits)
            return Self.answer(try await service.capture(checkout, amount: amount))
        }
    }

    /// `POST /v1/checkouts/{id}/cancel`: voids a payment that is not captured yet.
    func cancel(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            return Self.answer(try await service.cancel(checkout))
        }
    }

    /// `POST /v1/checkouts/{id}/refunds` with `{"amount"?: …, "reason"?: …}`; no amount: the rest.
    func refund(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            let body = JSONCursor(try parseJSONBody(request, allowEmpty: true))
            let remaining = checkout.amount.minorUnits - checkout.refundedMinorUnits
            let amount = try optionalAmount(body["amount"], checkout: checkout, limit: remaining)
            var errors = FieldErrors()
            let reason = errors.check { () throws(JSONFieldError) in try body["reason"].optionalString() } ?? nil
            if let reason { errors.require(reason.utf8.count <= 100, body["reason"], "must be at most 100 characters") }
            guard errors.isEmpty else { throw APIProblem.validation(errors.all) }
            return Self.answer(try await service.refund(checkout, amount: amount, reason: reason))
        }
    }

    private func optionalAmount(_ cursor: JSONCursor, checkout: Checkout, limit: Int64) throws(APIProblem) -> Money? {
        var errors = FieldErrors()
        let value = errors.check { () throws(JSONFieldError) in try cursor.optionalInt64() } ?? nil
        if let value {
            if value <= 0 { errors.add(cursor.error("must be positive")) }
            else if value > limit { errors.add(cursor.error("must not exceed \(limit)")) }
        }
        guard errors.isEmpty else { throw .validation(errors.all) }
        return value.map { Money(minorUnits: $0, currency: checkout.amount.currency) }
    }

    /// 200 with the checkout, or 202 when the provider's answer is still unknown (`needs_sync`).
    private static func answer(_ outcome: CheckoutService.OperationOutcome) -> Response {
        .json(outcome.isSettled ? 200 : 202, Representation.checkout(outcome.checkout))
    }
}
