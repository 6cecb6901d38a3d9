import KassaTestSupport
import Payments

/// The scripted provider, except that each creation waits at `gate` first: a provider call
/// still running when the test kills, restarts or shuts down the service.
struct HeldProvider: PaymentProvider {
    let base: ScriptedProvider
    let gate: KassaTestSupport.Gate

    var id: ProviderID { base.id }
    var capabilities: ProviderCapabilities { base.capabilities }

    func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        await gate.wait()
        return try await base.createCheckout(request)
    }
    func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus { try await base.fetchStatus(of: checkout) }
    func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await base.capture(checkout, operation)
    }
    func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await base.cancel(checkout, operation)
    }
    func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await base.refund(checkout, operation)
    }
}
