/// Storage of follow-up operations (`PaymentStore` refines it). Every method is atomic.
public protocol OperationStore: Sendable {
    /// Stores `operation` (status `requested`) before the provider is called, and answers the
    /// row as stored: when an operation with the same id exists already (the same
    /// `Idempotency-Key` sent again), that one, unchanged. Throws `checkoutNotFound`.
    func beginOperation(_ operation: Operation) async throws -> Operation

    /// Records how the provider call ended: `status` and the provider's reference (kept when nil).
    func finishOperation(_ id: OperationID, status: Operation.Status, providerReference: String?) async throws -> Operation

    /// One operation, or nil.
    func operation(id: OperationID) async throws -> Operation?

    /// The operations of a checkout (of one kind when given), oldest first.
    func operations(of checkout: CheckoutID, kind: Operation.Kind?) async throws -> [Operation]

    /// The operation a provider knows by `reference` (a notification about a refund), or nil.
    func operation(provider: ProviderID, reference: String) async throws -> Operation?

    /// Marks `succeeded` the operations whose effect an answer showed and, when none of the
    /// checkout's operations is left `requested` or `unknown`, clears `needs_sync`, in one
    /// transaction. Returns the checkout afterwards. Throws `checkoutNotFound`.
    func settleOperations(of checkout: CheckoutID, succeeded: [OperationID]) async throws -> Checkout
}
