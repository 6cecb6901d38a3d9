import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `POST /v1/checkouts/{id}/refresh`: asks the provider now and applies its answer.
    func refresh(_ request: Request) async -> Response {
        await answering {
            let checkout = try await synchronize(try await checkout(request), source: .api)
            return .json(200, Representation.checkout(checkout, refunds: try await service.refunds(of: checkout.id)))
        }
    }

    /// `POST /v1/checkouts/{id}/capture` (body optional: `{"amount": …}`; default all).
    /// Honours `Idempotency-Key` (the key becomes the operation's id).
    func capture(_ request: Request) async -> Response {
        await idempotent(request, path: request.path, keepsUnknownOutcome: false) { key in
            await answering {
                let checkout = try await checkout(request)
                let body = try parseJSONBody(request, allowEmpty: true)
                let amount = try optionalAmount(JSONCursor(body)["amount"], checkout: checkout, limit: checkout.amount.minorUnits)
                return try await answer(service.capture(checkout, amount: amount, key: key))
            }
        }
    }

    /// `POST /v1/checkouts/{id}/cancel`: voids a payment that is not captured yet.
    /// Honours `Idempotency-Key`.
    func cancel(_ request: Request) async -> Response {
        await idempotent(request, path: request.path, keepsUnknownOutcome: false) { key in
            await answering {
                let checkout = try await checkout(request)
                return try await answer(service.cancel(checkout, key: key))
            }
        }
    }

    /// `POST /v1/checkouts/{id}/refunds` with `{"amount"?: …, "reason"?: …}`; no amount: the rest.
    /// Answers the refund (`re_…`) with the checkout afterwards; honours `Idempotency-Key` (the
    /// same key refunds once).
    func refund(_ request: Request) async -> Response {
        await idempotent(request, path: request.path, keepsUnknownOutcome: false) { key in await answering {
            let checkout = try await checkout(request)
            let body = JSONCursor(try parseJSONBody(request, allowEmpty: true))
            let remaining = checkout.amount.minorUnits - checkout.refundedMinorUnits
            let amount = try optionalAmount(body["amount"], checkout: checkout, limit: remaining)
            var errors = FieldErrors()
            let reason = errors.check { () throws(JSONFieldError) in try body["reason"].optionalString() } ?? nil
            if let reason { errors.require(reason.utf8.count <= 100, body["reason"], "must be at most 100 characters") }
            guard errors.isEmpty else { throw APIProblem.validation(errors.all) }
            let outcome = try await service.refund(checkout, amount: amount, reason: reason, key: key)
            let refunds = try await service.refunds(of: checkout.id)
            return .json(outcome.isSettled ? 200 : 202,
                         Representation.refund(outcome.operation, checkout: Representation.checkout(outcome.checkout, refunds: refunds)))
        } }
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

    /// 200 with the checkout (and its refunds), or 202 when the provider's answer is still
    /// unknown (`needs_sync`).
    private func answer(_ outcome: CheckoutService.OperationOutcome) async throws -> Response {
        let refunds = try await service.refunds(of: outcome.checkout.id)
        return .json(outcome.isSettled ? 200 : 202, Representation.checkout(outcome.checkout, refunds: refunds))
    }
}
