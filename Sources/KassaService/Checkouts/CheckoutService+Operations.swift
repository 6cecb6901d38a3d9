import FoundationEssentials
import Payments

extension CheckoutService {
    /// How a follow-up operation ended.
    struct OperationOutcome: Sendable {
        /// The checkout afterwards.
        var checkout: Checkout
        /// False when the provider call ended without an answer: the checkout is `needs_sync`.
        var isSettled: Bool
    }

    /// Captures an authorized payment (all of it when `amount` is nil).
    func capture(_ checkout: Checkout, amount: Money?) async throws -> OperationOutcome {
        try requireSupported(checkout, \.canCapture, "capture")
        try requireStatus(checkout, [.authorized], "capture")
        return try await operate(checkout, operation: "capture") { provider throws(ProviderError) in
            try await provider.capture(checkout, amount: amount)
        }
    }

    /// Cancels a payment that is not captured yet.
    func cancel(_ checkout: Checkout) async throws -> OperationOutcome {
        try requireSupported(checkout, \.canCancel, "cancel")
        try requireStatus(checkout, [.created, .pending, .authorized], "cancel")
        return try await operate(checkout, operation: "cancel") { provider throws(ProviderError) in try await provider.cancel(checkout) }
    }

    /// Refunds a captured payment (the rest when `amount` is nil).
    func refund(_ checkout: Checkout, amount: Money?, reason: String?) async throws -> OperationOutcome {
        let remaining = checkout.amount.minorUnits - checkout.refundedMinorUnits
        try requireSupported(checkout, \.canRefund, "refund")
        if let amount, amount.minorUnits < remaining { try requireSupported(checkout, \.canRefundPartially, "partial refund") }
        try requireStatus(checkout, [.paid, .partiallyRefunded], "refund")
        return try await operate(checkout, operation: "refund") { provider throws(ProviderError) in
            try await provider.refund(checkout, amount: amount, reason: reason)
        }
    }

    /// Runs a follow-up operation: its answer is applied; a call that ended without an answer
    /// flags the checkout `needs_sync`.
    private func operate(_ checkout: Checkout, operation: String,
                         _ call: (any PaymentProvider) async throws(ProviderError) -> ProviderStatus) async throws -> OperationOutcome {
        let provider = try provider(of: checkout)
        do {
            let status = try await call(provider)
            return OperationOutcome(checkout: try await apply(status, to: checkout, source: .api), isSettled: true)
        } catch let error as ProviderError where error.isOutcomeUnknown {
            _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "\(operation): \(error.description)")
            return OperationOutcome(checkout: try await store.checkout(id: checkout.id) ?? checkout, isSettled: false)
        } catch let error as ProviderError {
            throw CheckoutServiceError.provider(error, checkout: checkout)
        }
    }

    private func requireSupported(_ checkout: Checkout, _ capability: KeyPath<ProviderCapabilities, Bool>,
                                  _ operation: String) throws(CheckoutServiceError) {
        let provider = try provider(of: checkout)
        guard provider.capabilities[keyPath: capability] else {
            throw .unsupported(operation: operation, hint: "\(checkout.provider) does not support \(operation) through Kassa; use the provider's back office")
        }
    }

    private func requireStatus(_ checkout: Checkout, _ allowed: Set<Checkout.Status>, _ operation: String) throws(CheckoutServiceError) {
        guard allowed.contains(checkout.status) else { throw .invalidStatus(operation: operation, status: checkout.status) }
    }
}
