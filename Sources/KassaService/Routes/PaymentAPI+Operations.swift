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

    // The checks run in the order of the OpenAPI document's promises: the body's own rules (what
    // its schema says: 400/422), then what the checkout allows (422 operation_not_supported, 409
    // invalid_status), and only then the amount against the checkout's figures (422 at `amount`),
    // the one rule no schema can state. A refund on a refunded checkout is thus a 409, like a
    // capture on a pending one, whatever amount it names.

    /// `POST /v1/checkouts/{id}/capture` (body optional: `{"amount": …}`; default all).
    func capture(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            let body = JSONCursor(try parseJSONBody(request, allowEmpty: true))
            var errors = FieldErrors()
            let amount = optionalAmount(body["amount"], errors: &errors)
            guard errors.isEmpty else { throw APIProblem.validation(errors.all) }
            try requireSupported(checkout, \.canCapture, "capture")
            try requireStatus(checkout, [.authorized], "capture")
            try require(amount, atMost: checkout.amount.minorUnits, body["amount"], "the authorized amount")
            return try await operate(checkout, operation: "capture") { provider throws(ProviderError) in
                try await provider.capture(checkout, amount: amount.map { Money(minorUnits: $0, currency: checkout.amount.currency) })
            }
        }
    }

    /// `POST /v1/checkouts/{id}/cancel`: voids a payment that is not captured yet.
    func cancel(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            try requireSupported(checkout, \.canCancel, "cancel")
            try requireStatus(checkout, [.created, .pending, .authorized], "cancel")
            return try await operate(checkout, operation: "cancel") { provider throws(ProviderError) in try await provider.cancel(checkout) }
        }
    }

    /// `POST /v1/checkouts/{id}/refunds` with `{"amount"?: …, "reason"?: …}`; no amount: the rest.
    func refund(_ request: Request) async -> Response {
        await answering {
            let checkout = try await checkout(request)
            let body = JSONCursor(try parseJSONBody(request, allowEmpty: true))
            var errors = FieldErrors()
            let amount = optionalAmount(body["amount"], errors: &errors)
            let reason = errors.check { () throws(JSONFieldError) in try body["reason"].optionalString() } ?? nil
            if let reason { errors.require(Self.isRefundReason(reason), body["reason"], Self.refundReasonRule) }
            guard errors.isEmpty else { throw APIProblem.validation(errors.all) }
            try requireSupported(checkout, \.canRefund, "refund")
            try requireStatus(checkout, [.paid, .partiallyRefunded], "refund")
            // Stored figures: the state machine keeps refunded below the amount in these statuses.
            let (remaining, overflow) = checkout.amount.minorUnits.subtractingReportingOverflow(checkout.refundedMinorUnits)
            guard !overflow, remaining > 0 else {
                logger.log(.error, "refund: nothing left to refund in status \(checkout.status)", [("checkout_id", .string(checkout.id.rawValue))])
                throw APIProblem.internalError
            }
            try require(amount, atMost: remaining, body["amount"], "the amount not refunded yet")
            if let amount, amount < remaining { try requireSupported(checkout, \.canRefundPartially, "partial refund") }
            return try await operate(checkout, operation: "refund") { provider throws(ProviderError) in
                try await provider.refund(checkout, amount: amount.map { Money(minorUnits: $0, currency: checkout.amount.currency) },
                                          reason: reason)
            }
        }
    }

    /// The optional `amount`: an integer from 1 to `checkout.max_amount` (the schema's rule).
    private func optionalAmount(_ cursor: JSONCursor, errors: inout FieldErrors) -> Int64? {
        guard let value = errors.check({ () throws(JSONFieldError) in try cursor.optionalInt64() }) ?? nil else { return nil }
        if value <= 0 { errors.add(cursor.error("must be positive")) }
        else if value > maxAmount { errors.add(cursor.error("must not exceed \(maxAmount)")) }
        return value
    }

    /// 422 at `amount` when it is above `limit`, what the checkout's state leaves (`what`).
    private func require(_ amount: Int64?, atMost limit: Int64, _ cursor: JSONCursor, _ what: String) throws(APIProblem) {
        guard let amount, amount > limit else { return }
        throw .validation([cursor.error("must not exceed \(limit), \(what)")])
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

    private func requireSupported(_ checkout: Checkout, _ capability: KeyPath<ProviderCapabilities, Bool>, _ operation: String) throws(APIProblem) {
        let provider = try provider(of: checkout)
        guard provider.capabilities[keyPath: capability] else {
            throw APIProblem(status: 422, code: "operation_not_supported",
                             detail: "\(checkout.provider) does not support \(operation) through Kassa; use the provider's back office")
        }
    }

    private func requireStatus(_ checkout: Checkout, _ allowed: Set<Checkout.Status>, _ operation: String) throws(APIProblem) {
        guard allowed.contains(checkout.status) else {
            throw APIProblem(status: 409, code: "invalid_status",
                             detail: "cannot \(operation) a checkout in status \(checkout.status)",
                             extensions: [("checkout_status", .string(checkout.status.rawValue))])
        }
    }
}
