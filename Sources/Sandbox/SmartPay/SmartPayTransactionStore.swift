import Synchronization

/// The simulator's transactions in memory, at most `capacity`: the oldest is evicted first.
/// Every read and change happens under one lock; callers act (answer, send webhooks) after it.
final class SmartPayTransactionStore: Sendable {
    /// How a transaction is looked up.
    enum Key: Sendable {
        case transactionID(String)
        case checkoutToken(String)
        case partnerReference(String)
    }

    private struct State {
        var byID: [String: SmartPayTransaction] = [:]
        /// Transaction ids, oldest first.
        var order: [String] = []
        var byToken: [String: String] = [:]
        var byPartnerReference: [String: String] = [:]

        func id(for key: Key) -> String? {
            switch key {
            case .transactionID(let id): byID[id] == nil ? nil : id
            case .checkoutToken(let token): byToken[token]
            case .partnerReference(let reference): byPartnerReference[reference]
            }
        }
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// A store holding at most `capacity` transactions.
    init(capacity: Int) {
        precondition(capacity > 0, "the store needs room for one transaction")
        self.capacity = capacity
    }

    /// How many transactions are held.
    var count: Int { state.withLock { $0.byID.count } }

    /// Adds `transaction`, evicting the oldest beyond the capacity; false (nothing added) when
    /// its `partnerReference` is taken already.
    func insert(_ transaction: SmartPayTransaction) -> Bool {
        state.withLock { state in
            if let reference = transaction.partnerReference, state.byPartnerReference[reference] != nil { return false }
            state.byID[transaction.id] = transaction
            state.order.append(transaction.id)
            state.byToken[transaction.checkoutToken] = transaction.id
            if let reference = transaction.partnerReference { state.byPartnerReference[reference] = transaction.id }
            while state.order.count > capacity {
                guard let evicted = state.byID.removeValue(forKey: state.order.removeFirst()) else { continue }
                state.byToken[evicted.checkoutToken] = nil
                if let reference = evicted.partnerReference { state.byPartnerReference[reference] = nil }
            }
            return true
        }
    }

    /// The transaction for `key`, or nil.
    func transaction(_ key: Key) -> SmartPayTransaction? {
        state.withLock { state in state.id(for: key).flatMap { state.byID[$0] } }
    }

    /// Changes the transaction for `key` under the lock; nil when there is none. A throwing
    /// `change` leaves it as it was.
    func update<Result>(_ key: Key, _ change: (inout SmartPayTransaction) throws(SmartPayError) -> Result) throws(SmartPayError) -> Result? {
        try state.withLock { (state: inout State) throws(SmartPayError) -> Result? in
            guard let id = state.id(for: key), var transaction = state.byID[id] else { return nil }
            let result = try change(&transaction)
            state.byID[id] = transaction
            return result
        }
    }
}
