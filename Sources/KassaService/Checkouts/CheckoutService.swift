import FoundationEssentials
import JSON
import Payments

/// What Kassa does with checkouts, without HTTP: create an attempt, synchronize it with its
/// provider, run follow-up operations, apply a provider's answer, expire it. The REST handlers
/// (`PaymentAPI`) only translate HTTP to and from it; the webhook processing and the
/// reconciler call it directly. Failures are `CheckoutServiceError` or the store's errors.
final class CheckoutService: Sendable {
    let store: any PaymentStore
    let providers: [ProviderID: any PaymentProvider]
    /// Where providers and buyers reach Kassa, without a trailing slash.
    let publicBaseURL: String
    let metrics: Metrics
    let logger: Logger
    /// `orders.refund_duplicate_payments`.
    let refundsDuplicatePayments: Bool

    init(store: any PaymentStore, providers: [ProviderID: any PaymentProvider], publicBaseURL: String,
         metrics: Metrics, logger: Logger, refundsDuplicatePayments: Bool = false) {
        self.refundsDuplicatePayments = refundsDuplicatePayments
        self.store = store
        self.providers = providers
        self.publicBaseURL = publicBaseURL
        self.metrics = metrics
        self.logger = logger
    }

    /// The checkout with this id.
    func checkout(_ id: CheckoutID) async throws -> Checkout {
        guard let checkout = try await store.checkout(id: id) else { throw CheckoutServiceError.checkoutNotFound(id) }
        return checkout
    }

    /// The checkout's provider, when it is still enabled.
    func provider(of checkout: Checkout) throws(CheckoutServiceError) -> any PaymentProvider {
        guard let provider = providers[checkout.provider] else { throw .providerNotConfigured(checkout.provider) }
        return provider
    }

    /// Applies a provider's answer in one store write, recording `reference` and the answer's
    /// data (plus `extraData`) with it, through the state machine. Returns the checkout afterwards.
    @discardableResult
    func apply(_ status: ProviderStatus, to checkout: Checkout, source: CheckoutEvent.Source,
               attaching reference: String? = nil, extraData: [String: String] = [:]) async throws -> Checkout {
        let update = StatusUpdate(source: source, status: status.status, providerStatus: status.providerStatus,
                                  amount: status.amount, refundedAmount: status.refundedAmount)
        let data = status.data.merging(extraData) { a, _ in a }
        let outcome = try await store.apply(update, to: checkout.id, attaching: reference, data: data)
        if outcome.isApplied { metrics.recordCheckoutStatus(outcome.checkout.status.rawValue) }
        if case .integrityViolation(let problem) = outcome.disposition {
            logger.log(.error, "integrity violation", [("checkout_id", .string(checkout.id.rawValue)), ("detail", .string(problem.detail))])
        }
        if outcome.isApplied, outcome.event.oldStatus != outcome.checkout.status,
           outcome.checkout.status.hasBeenPaid && !(outcome.event.oldStatus?.hasBeenPaid ?? false) || outcome.checkout.status == .authorized {
            // Whoever applied the transition (return, webhook, poll, API) settles the order, once.
            await settleOrder(after: outcome.checkout, source: source)
            return try await store.checkout(id: checkout.id) ?? outcome.checkout
        }
        return outcome.checkout
    }

    /// Asks the provider for the checkout's state and applies it (refresh, return, webhook).
    func synchronize(_ checkout: Checkout, source: CheckoutEvent.Source) async throws -> Checkout {
        let provider = try provider(of: checkout)
        let status: ProviderStatus
        do {
            status = try await provider.fetchStatus(of: checkout)
        } catch {
            throw CheckoutServiceError.provider(error, checkout: checkout)
        }
        return try await applyRead(status, to: checkout, source: source)
    }

    /// Marks a checkout that stayed unfinished too long `expired` (the reconciler's last step).
    @discardableResult
    func expire(_ checkout: Checkout, source: CheckoutEvent.Source = .poll) async throws -> Checkout {
        try await apply(ProviderStatus(providerStatus: checkout.providerStatus ?? "expired", status: .expired),
                        to: checkout, source: source)
    }
}
