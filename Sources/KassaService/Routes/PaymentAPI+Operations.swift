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
            try requireSupported(checkout, \.canCapture, "capture")
            try requireStatus(checkout, [.authorized], "capture")
            return try await operate(checkout, operation: "capture") { provider throws(ProviderError) in
                try await provider.capture(checkout, amount: amount)
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
            let remaining = checkout.amount.minorUnits - checkout.refundedMinorUnits
            let amount = try optionalAmount(body["amount"], checkout: checkout, limit: remaining)
            var errors = FieldErrors()
            let reason = errors.check { () throws(JSONFieldError) in try body["reason"].optionalString() } ?? nil
            if let reason { errors.require(reason.utf8.count <= 100, body["reason"], "must be at most 100 characters") }
            guard errors.isEmpty else { throw APIProblem.validation(errors.all) }
            try requireSupported(checkout, \.canRefund, "refund")
            if let amount, amount.minorUnits < remaining { try requireSupported(checkout, \.canRefundPartially, "partial refund") }
            try requireStatus(checkout, [.paid, .partiallyRefunded], "refund")
            return try await operate(checkout, operation: "refund") { provider throws(ProviderError) in
                try await provider.refund(checkout, amount: amount, reason: reason)
            }
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
