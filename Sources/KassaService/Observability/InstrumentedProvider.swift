import Payments

/// A provider wrapped so that each call is counted and timed by provider, operation and
/// outcome (`ok` or the `ProviderError.shortDescription`).
struct InstrumentedProvider: PaymentProvider {
    let base: any PaymentProvider
    let metrics: Metrics

    var id: ProviderID { base.id }
    var capabilities: ProviderCapabilities { base.capabilities }
    var canChooseCaptureMethod: Bool { base.canChooseCaptureMethod }
    var pollSchedule: PollSchedule { base.pollSchedule }

    private func measure<T>(_ operation: String, _ call: () async throws(ProviderError) -> T) async throws(ProviderError) -> T {
        let stopwatch = Stopwatch()
        do {
            let result = try await call()
            metrics.recordProviderCall(provider: id.rawValue, operation: operation, outcome: "ok", seconds: stopwatch.seconds)
            return result
        } catch {
            metrics.recordProviderCall(provider: id.rawValue, operation: operation, outcome: error.shortDescription,
                                       seconds: stopwatch.seconds)
            throw error
        }
    }

    func validate(_ request: ProviderCheckoutRequest) -> [ProviderFieldError] { base.validate(request) }
    func paymentOptions(for request: ProviderCheckoutRequest) -> [PaymentOption] { base.paymentOptions(for: request) }
    func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        try await measure("create") { () async throws(ProviderError) in try await base.createCheckout(request) }
    }
    func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        try await measure("fetch_status") { () async throws(ProviderError) in try await base.fetchStatus(of: checkout) }
    }
    func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await measure("capture") { () async throws(ProviderError) in try await base.capture(checkout, operation) }
    }
    func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await measure("cancel") { () async throws(ProviderError) in try await base.cancel(checkout, operation) }
    }
    func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await measure("refund") { () async throws(ProviderError) in try await base.refund(checkout, operation) }
    }
    func search(for checkout: Checkout) async throws(ProviderError) -> ProviderSearchResult {
        try await measure("search") { () async throws(ProviderError) in try await base.search(for: checkout) }
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
