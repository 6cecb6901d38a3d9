import FoundationEssentials
import Payments

extension CheckoutService {
    /// How a follow-up operation ended.
    struct OperationOutcome: Sendable {
        /// The checkout afterwards.
        var checkout: Checkout
        /// The operation as stored afterwards.
        var operation: Operation
        /// False when the provider call ended without an answer: the checkout is `needs_sync`
        /// and the operation `unknown` (a retry sends the same operation id).
        var isSettled: Bool
    }

    /// Captures an authorized payment (all of it when `amount` is nil). With `key` (the
    /// request's `Idempotency-Key`) the operation's id follows from the key.
    func capture(_ checkout: Checkout, amount: Money?, key: IdempotencyKey? = nil) async throws -> OperationOutcome {
        try requireSupported(checkout, .capture)
        try requireStatus(checkout, [.authorized], "capture")
        try require(amount, atMost: checkout.amount.minorUnits, "the authorized amount")
        return try await operate(checkout, OperationRequest(kind: .capture, amount: amount), storing: amount ?? checkout.amount, key: key)
    }

    /// Cancels a payment that is not captured yet.
    func cancel(_ checkout: Checkout, key: IdempotencyKey? = nil) async throws -> OperationOutcome {
        try requireSupported(checkout, .cancel)
        try requireStatus(checkout, [.created, .pending, .authorized], "cancel")
        return try await operate(checkout, OperationRequest(kind: .cancel), storing: nil, key: key)
    }

    /// Refunds a captured payment (the rest when `amount` is nil); the refund is a row of its own.
    func refund(_ checkout: Checkout, amount: Money?, reason: String?, key: IdempotencyKey? = nil) async throws -> OperationOutcome {
        try requireSupported(checkout, .refund)
        try requireStatus(checkout, [.paid, .partiallyRefunded], "refund")
        // Stored figures: the state machine keeps refunded below the amount in these statuses.
        let (remaining, overflow) = checkout.amount.minorUnits.subtractingReportingOverflow(checkout.refundedMinorUnits)
        guard !overflow, remaining > 0 else {
            logger.log(.error, "refund: nothing left to refund in status \(checkout.status)", [("checkout_id", .string(checkout.id.rawValue))])
            throw CheckoutServiceError.invalidStatus(operation: "refund", status: checkout.status)
        }
        try require(amount, atMost: remaining, "the amount not refunded yet")
        if let amount, amount.minorUnits < remaining { try requireSupported(checkout, .partialRefund) }
        return try await operate(checkout, OperationRequest(kind: .refund, amount: amount, reason: reason),
                                 storing: amount ?? Money(minorUnits: remaining, currency: checkout.amount.currency), key: key)
    }

    /// The refunds of a checkout, oldest first.
    func refunds(of checkout: CheckoutID) async throws -> [Operation] {
        try await store.operations(of: checkout, kind: .refund)
    }

    /// Stores the operation before the provider call, calls, applies the answer and records how
    /// the operation ended. The id is the key's when there is one; without a key, a capture or
    /// cancel whose earlier call ended without an answer is retried under its earlier id.
    private func operate(_ checkout: Checkout, _ request: OperationRequest, storing amount: Money?,
                         key: IdempotencyKey?) async throws -> OperationOutcome {
        let provider = try provider(of: checkout)
        var request = request
        if let key {
            request.id = .derived(request.kind, checkout: checkout.id, key: key)
        } else if request.kind != .refund,
                  let open = try await store.operations(of: checkout.id, kind: request.kind).last(where: { $0.status.isUnresolved }) {
            request.id = open.id
        }
        let earlier = try await store.operation(id: request.id)
        if let earlier, !earlier.status.isUnresolved {
            // Answered before (the key outlived its stored response): the same answer, no second call.
            return OperationOutcome(checkout: checkout, operation: earlier, isSettled: true)
        }
        request.isRetry = earlier != nil
        let now = Date()
        let operation = try await store.beginOperation(Operation(
            id: request.id, checkoutID: checkout.id, kind: request.kind, amount: amount, reason: request.reason,
            status: .requested, providerReference: nil, createdAt: now, updatedAt: now))
        let result: OperationResult
        do {
            result = try await call(provider, checkout, request)
        } catch let error where error.isOutcomeUnknown {
            let unknown = try await store.finishOperation(operation.id, status: .unknown, providerReference: nil)
            _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "\(request.kind.rawValue) \(operation.id): \(error.description)")
            return OperationOutcome(checkout: try await store.checkout(id: checkout.id) ?? checkout, operation: unknown, isSettled: false)
        } catch {
            _ = try await store.finishOperation(operation.id, status: .failed, providerReference: nil)
            throw CheckoutServiceError.provider(error, checkout: checkout)
        }
        var updated = try await apply(result.status, to: checkout, source: .api)
        let finished = try await store.finishOperation(operation.id, status: result.isPending ? .pending : .succeeded,
                                                       providerReference: result.providerReference)
        // A retry that answered settles what its lost first call left open (issue 14).
        if updated.needsSync { updated = try await store.settleOperations(of: checkout.id, succeeded: []) }
        return OperationOutcome(checkout: updated, operation: finished, isSettled: true)
    }

    private func call(_ provider: any PaymentProvider, _ checkout: Checkout,
                      _ request: OperationRequest) async throws(ProviderError) -> OperationResult {
        switch request.kind {
        case .capture: try await provider.capture(checkout, request)
        case .cancel: try await provider.cancel(checkout, request)
        case .refund: try await provider.refund(checkout, request)
        }
    }

    private func requireSupported(_ checkout: Checkout, _ operation: ProviderCapabilities.Capability) throws(CheckoutServiceError) {
        let capabilities = try provider(of: checkout).capabilities
        guard capabilities.supports(operation) else {
            throw .unsupported(operation: operation.rawValue, hint: capabilities.hint(for: operation, provider: checkout.provider))
        }
    }

    // The order of the OpenAPI document's promises: what the provider supports, the status,
    // and only then the amount against the checkout's figures (422 at `amount`), the one rule
    // no schema can state.
    private func require(_ amount: Money?, atMost limit: Int64, _ what: String) throws(CheckoutServiceError) {
        guard let amount, amount.minorUnits > limit else { return }
        throw .invalidRequest([ProviderFieldError(field: "amount", message: "must not exceed \(limit), \(what)")])
    }

    private func requireStatus(_ checkout: Checkout, _ allowed: Set<Checkout.Status>, _ operation: String) throws(CheckoutServiceError) {
        guard allowed.contains(checkout.status) else { throw .invalidStatus(operation: operation, status: checkout.status) }
    }
}
