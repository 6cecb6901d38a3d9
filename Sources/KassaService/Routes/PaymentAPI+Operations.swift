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

    // The checks run in the order of the OpenAPI document's promises: the body's own rules (what
    // its schema says: 400/422), then what the checkout allows (422 operation_not_supported, 409
    // invalid_status), and only then the amount against the checkout's figures (422 at `amount`),
    // the one rule no schema can state. A refund on a refunded checkout is thus a 409, like a
    // capture on a pending one, whatever amount it names.

    /// `POST /v1/checkouts/{id}/capture` (body optional: `{"amount": …}`; default all).
    /// Honours `Idempotency-Key` (the key becomes the operation's id).
    func capture(_ request: Request) async -> Response {
        await idempotent(request, path: request.path, keepsUnknownOutcome: false) { key in
            await answering {
                let checkout = try await checkout(request)
                let body = JSONCursor(try parseJSONBody(request, allowEmpty: true))
                var errors = FieldErrors()
                let amount = optionalAmount(body["amount"], errors: &errors)
                guard errors.isEmpty else { throw APIProblem.validation(errors.all) }
                let money = amount.map { Money(minorUnits: $0, currency: checkout.amount.currency) }
                return try await answer(service.capture(checkout, amount: money, key: key))
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
            var errors = FieldErrors()
            let amount = optionalAmount(body["amount"], errors: &errors)
            let reason = errors.check { () throws(JSONFieldError) in try body["reason"].optionalString() } ?? nil
            if let reason { errors.require(Self.isRefundReason(reason), body["reason"], Self.refundReasonRule) }
            guard errors.isEmpty else { throw APIProblem.validation(errors.all) }
            let money = amount.map { Money(minorUnits: $0, currency: checkout.amount.currency) }
            let outcome = try await service.refund(checkout, amount: money, reason: reason, key: key)
            let refunds = try await service.refunds(of: checkout.id)
            return .json(outcome.isSettled ? 200 : 202,
                         Representation.refund(outcome.operation, checkout: Representation.checkout(outcome.checkout, refunds: refunds)))
        } }
    }

    /// The optional `amount`: an integer from 1 to `checkout.max_amount` (the schema's rule).
    private func optionalAmount(_ cursor: JSONCursor, errors: inout FieldErrors) -> Int64? {
        guard let value = errors.check({ () throws(JSONFieldError) in try cursor.optionalInt64() }) ?? nil else { return nil }
        if value <= 0 { errors.add(cursor.error("must be positive")) }
        else if value > maxAmount { errors.add(cursor.error("must not exceed \(maxAmount)")) }
        return value
    }

    // A refund reason reaches the provider's back office and the buyer's statement: at most 100
    // of these characters, the set every provider takes (secuconnect's, PROVIDERS.md A, is
    // `^[A-Za-z0-9 .,+\-:?()/']{0,100}$`), so it is refused here, before any status check,
    // rather than by the adapter after it.
    static let refundReasonRule = "must be at most 100 of A-Z a-z 0-9 space . , + - : ? ( ) / '"

    static func isRefundReason(_ reason: String) -> Bool {
        reason.utf8.count <= 100 && reason.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: " .,+-:?()/'".utf8.contains(byte)
            }
        }
    }

    /// 200 with the checkout (and its refunds), or 202 when the provider's answer is still
    /// unknown (`needs_sync`).
    private func answer(_ outcome: CheckoutService.OperationOutcome) async throws -> Response {
        let refunds = try await service.refunds(of: outcome.checkout.id)
        return .json(outcome.isSettled ? 200 : 202, Representation.checkout(outcome.checkout, refunds: refunds))
    }
}
