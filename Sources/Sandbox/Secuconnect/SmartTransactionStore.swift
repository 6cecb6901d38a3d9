import Synchronization

/// The simulator's transactions in memory, at most `capacity`: the oldest is evicted first.
/// Every read and change happens under one lock; callers act (push, answer) after it.
final class SmartTransactionStore: Sendable {
    private struct State {
        var byID: BoundedRecords<SmartTransaction>
        /// `PCI_…` → `STX_…`.
        var paymentIndex: [String: String] = [:]
    }

    private let state: Mutex<State>

    /// A store holding at most `capacity` transactions.
    init(capacity: Int) {
        state = Mutex(State(byID: BoundedRecords(capacity: capacity, naming: "transaction")))
    }

    /// How many transactions are held.
    var count: Int { state.withLock { $0.byID.count } }

    /// Adds `transaction`, evicting the oldest ones beyond the capacity.
    func insert(_ transaction: SmartTransaction) {
        state.withLock { state in
            for evicted in state.byID.append(transaction, id: transaction.id) {
                if let paymentID = evicted.payment?.id { state.paymentIndex[paymentID] = nil }
            }
        }
    }

    /// The Smart Transaction `id`, or nil.
    func transaction(_ id: String) -> SmartTransaction? {
        state.withLock { $0.byID[id] }
    }

    /// The Smart Transaction that owns the payment transaction `paymentID`, or nil.
    func transaction(forPayment paymentID: String) -> SmartTransaction? {
        state.withLock { state in state.paymentIndex[paymentID].flatMap { state.byID[$0] } }
    }

    /// Changes the Smart Transaction `id` (or the owner of a payment id) under the lock;
    /// nil when there is none. A throwing `change` leaves it as it was.
    func update<Result>(_ id: String, byPayment: Bool = false,
                        _ change: (inout SmartTransaction) throws(SecuconnectError) -> Result) throws(SecuconnectError) -> Result? {
        try state.withLock { (state: inout State) throws(SecuconnectError) -> Result? in
            guard let stx = byPayment ? state.paymentIndex[id] : id, var transaction = state.byID[stx] else { return nil }
            let result = try change(&transaction)
            state.byID[stx] = transaction
            if let paymentID = transaction.payment?.id { state.paymentIndex[paymentID] = stx }
            return result
        }
    }
}
