import Foundation
import Payments
import Synchronization

/// A provider double whose answers a test sets: the service's orchestration (idempotency,
/// error mapping, needs_sync, capabilities) tested without a provider's wire format.
final class ScriptedProvider: PaymentProvider, @unchecked Sendable {
    let id = ProviderID.secuconnect
    let capabilities: ProviderCapabilities
    private let state = Mutex<State>(State())

    struct State {
        var createResult: Result<ProviderCheckout, ProviderError>?
        var statusResult: Result<ProviderStatus, ProviderError>?
        var createCalls = 0
        var lastRequest: ProviderCheckoutRequest?
        var operations: [OperationRequest] = []
        var operationResult: Result<OperationResult, ProviderError>?
    }

    init(capabilities: ProviderCapabilities = .init(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true)) {
        self.capabilities = capabilities
    }

    func script(create: Result<ProviderCheckout, ProviderError>? = nil, status: Result<ProviderStatus, ProviderError>? = nil,
                operation: Result<OperationResult, ProviderError>? = nil) {
        state.withLock {
            if let create { $0.createResult = create }
            if let status { $0.statusResult = status }
            if let operation { $0.operationResult = operation }
        }
    }

    var createCalls: Int { state.withLock { $0.createCalls } }
    var lastRequest: ProviderCheckoutRequest? { state.withLock { $0.lastRequest } }

    static let started = ProviderCheckout(providerReference: "STX_TEST", providerStatus: "created", status: .pending,
                                          nextAction: .redirect(url: "https://pay.example/STX_TEST"))

    func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        let result = state.withLock { s -> Result<ProviderCheckout, ProviderError> in
            s.createCalls += 1
            s.lastRequest = request
            return s.createResult ?? .success(ProviderCheckout(providerReference: "STX_\(s.createCalls)_\(UUID().uuidString.prefix(6))",
                                                               providerStatus: "created", status: .pending,
                                                               nextAction: .redirect(url: "https://pay.example/\(s.createCalls)")))
        }
        return try result.get()
    }

    func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        try (state.withLock { $0.statusResult } ?? .success(ProviderStatus(providerStatus: "created", status: .pending))).get()
    }
    func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await record(operation, checkout)
    }
    func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await record(operation, checkout)
    }
    func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        try await record(operation, checkout)
    }

    /// Every operation request received, in order.
    var operations: [OperationRequest] { state.withLock { $0.operations } }

    private func record(_ operation: OperationRequest, _ checkout: Checkout) async throws(ProviderError) -> OperationResult {
        state.withLock { $0.operations.append(operation) }
        let result = state.withLock { $0.operationResult }
        if let result { return try result.get() }
        return OperationResult(status: try await fetchStatus(of: checkout))
    }
}
