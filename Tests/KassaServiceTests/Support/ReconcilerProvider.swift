import Foundation
@testable import KassaService
import Payments
import Synchronization

/// A provider double for the reconciler's tests, under the toy's id (so `ToyModule` gives it
/// its configuration): each payment's status and each search's result are set by the test,
/// every call is counted, and a gate can hold the status read of one payment.
final class ReconcilerProvider: PaymentProvider, Sendable {
    let id = ProviderID("toy")
    let capabilities = ProviderCapabilities(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true)
    let pollSchedule: PollSchedule
    /// Holds the status reads of `gatedReference` until opened.
    let gate = Gate()
    let gatedReference: String?

    private struct State {
        var statuses: [String: Result<ProviderStatus, ProviderError>] = [:]
        var searches: [CheckoutID: ProviderSearchResult] = [:]
        var fetched: [String] = []
        var searched: [CheckoutID] = []
        var onFetch: (@Sendable (String) -> Void)?
    }
    private let state = Mutex(State())

    init(pollSchedule: PollSchedule = .afterSilence, gatedReference: String? = nil) {
        self.pollSchedule = pollSchedule
        self.gatedReference = gatedReference
    }

    /// What a status read of `reference` answers (default: pending).
    func answer(_ reference: String, _ status: Checkout.Status, raw: String? = nil, refunded: Int64? = nil) {
        let answer = ProviderStatus(providerStatus: raw ?? status.rawValue, status: status,
                                    refundedAmount: refunded.map { Money(minorUnits: $0, currency: .eur) })
        state.withLock { $0.statuses[reference] = .success(answer) }
    }

    /// Status reads of `reference` fail with `error`.
    func fail(_ reference: String, _ error: ProviderError) { state.withLock { $0.statuses[reference] = .failure(error) } }

    /// What a search for `checkout` answers (default: unsupported).
    func search(_ checkout: CheckoutID, answers result: ProviderSearchResult) { state.withLock { $0.searches[checkout] = result } }

    /// Called after each status read with its reference.
    func onFetch(_ body: @escaping @Sendable (String) -> Void) { state.withLock { $0.onFetch = body } }

    var fetched: [String] { state.withLock { $0.fetched } }
    var searched: [CheckoutID] { state.withLock { $0.searched } }

    func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        throw .notSent("the reconciler's provider creates nothing")
    }

    func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        let reference = checkout.providerReference ?? ""
        if reference == gatedReference { await gate.wait() }
        let (result, hook) = state.withLock { s in
            s.fetched.append(reference)
            return (s.statuses[reference] ?? .success(ProviderStatus(providerStatus: "open", status: .pending)), s.onFetch)
        }
        hook?(reference)
        return try result.get()
    }

    func search(for checkout: Checkout) async throws(ProviderError) -> ProviderSearchResult {
        state.withLock { s in
            s.searched.append(checkout.id)
            return s.searches[checkout.id] ?? .unsupported
        }
    }

    func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult { throw .outcomeUnknown("held") }
    func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult { throw .outcomeUnknown("held") }
    func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult { throw .outcomeUnknown("held") }
}

/// Suspends callers of `wait()` until `open()`.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { s -> Bool in
                if s.isOpen { return true }
                s.waiting.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiting = state.withLock { s in
            s.isOpen = true
            defer { s.waiting = [] }
            return s.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
