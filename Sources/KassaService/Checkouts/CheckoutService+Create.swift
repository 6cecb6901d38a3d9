import FoundationEssentials
import JSON
import Payments

extension CheckoutService {
    /// How a creation ended when the attempt exists.
    enum Creation: Sendable {
        /// The provider started the payment (the checkout carries its first status and next action).
        case started(Checkout)
        /// The provider call ended without an answer: the checkout is `needs_sync`.
        case needsSync(Checkout)
    }

    /// Asks the provider whether it can take the request (`invalidRequest` naming the fields
    /// when not), then stores the attempt, starts it at the provider (never retried), and
    /// records the answer. A provider refusal stores the attempt `failed` and throws `creationFailed`.
    /// `idempotencyKey` (claimed by the request) is stored with the attempt, so that a retry
    /// after a crash finds it.
    func create(_ request: CheckoutRequest, idempotencyKey: IdempotencyKey? = nil) async throws -> Creation {
        let provider = try provider(forNew: request.provider)
        var new = NewCheckout(orderReference: request.order.reference, provider: request.provider,
                              method: request.method, amount: request.order.amount,
                              metadata: request.metadata, captureMethod: request.captureMethod)
        new.idempotencyKey = idempotencyKey
        let providerRequest = providerRequest(for: request, id: new.id)
        // Before the write: a request the provider cannot take leaves no attempt and no event.
        var problems = provider.validate(providerRequest)
        // A provider that captures as its account says cannot honour a per-payment choice, and
        // silently ignoring "manual" would capture money the shop meant to hold.
        if request.captureMethod != nil && !provider.canChooseCaptureMethod {
            problems.append(ProviderFieldError(field: "capture_method", message: "\(request.provider.rawValue) cannot choose the capture per payment"))
        }
        guard problems.isEmpty else { throw CheckoutServiceError.invalidRequest(problems) }
        let (checkout, _) = try await store.createCheckout(new)
        metrics.recordCheckoutStatus(Checkout.Status.created.rawValue)
        let shopURLs = ServiceData.shopURLs(request.returnURLs)
        do {
            let started = hostingPage(of: try await provider.createCheckout(providerRequest), id: checkout.id)
            let data = started.data.merging(shopURLs) { a, _ in a }.merging(ServiceData.nextAction(started.nextAction)) { a, _ in a }
            var current: Checkout
            if started.status != .created {
                // One write: the provider's ids and its first status together.
                current = try await apply(ProviderStatus(providerStatus: started.providerStatus, status: started.status), to: checkout,
                                          source: .api, attaching: started.providerReference, extraData: data)
            } else {
                current = try await store.attachProviderReference(started.providerReference, data: data, to: checkout.id)
                current.providerStatus = started.providerStatus
            }
            return .started(current)
        } catch let error as ProviderError where error.isOutcomeUnknown {
            // DESIGN.md lessons: no answer is not a failure; the reconciler (or a refresh) asks later.
            _ = try await store.attachProviderReference(nil, data: shopURLs, to: checkout.id)
            _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "create: \(error.description)")
            let current = try await store.checkout(id: checkout.id) ?? checkout
            logger.log(.warning, "checkout needs sync", [("checkout_id", .string(checkout.id.rawValue)), ("error", .string(error.shortDescription))])
            return .needsSync(current)
        } catch let error as ProviderError {
            let failed = try await apply(ProviderStatus(providerStatus: error.shortDescription, status: .failed), to: checkout,
                                         source: .api, extraData: shopURLs)
            throw CheckoutServiceError.creationFailed(error, checkout: failed)
        }
    }

    /// What the adapter receives for the attempt `id`: Kassa's own return and notification URLs.
    func providerRequest(for request: CheckoutRequest, id: CheckoutID) -> ProviderCheckoutRequest {
        let name = request.provider.rawValue
        let returnBase = "\(publicBaseURL)/v1/return/\(name)/\(id.rawValue)?outcome="
        return ProviderCheckoutRequest(
            checkoutID: id, method: request.method, order: request.order, customer: request.customer,
            returnURLs: .init(success: returnBase + "success", failure: returnBase + "error", cancel: returnBase + "abort"),
            notificationURL: "\(publicBaseURL)/v1/webhooks/\(name)?checkout=\(id.rawValue)", locale: request.locale,
            captureMethod: request.captureMethod)
    }

    private func provider(forNew id: ProviderID) throws(CheckoutServiceError) -> any PaymentProvider {
        guard let provider = providers[id] else { throw .providerNotConfigured(id) }
        return provider
    }
}
