import Synchronization

/// The simulator's purchases in memory, at most `capacity`: the oldest is evicted first.
/// Every read and change happens under one lock; callers notify and answer after it.
final class PurchaseStore: Sendable {
    private struct State {
        var byUID: [String: Purchase] = [:]
        /// Purchase uids, oldest first.
        var order: [String] = []
        /// `merchantUid` + reference → the latest purchase with that reference.
        var byReference: [ReferenceKey: String] = [:]
        /// `vcar_…` → `pur_…`.
        var byCard: [String: String] = [:]
    }

    struct ReferenceKey: Hashable {
        let merchantUID: String
        let reference: String
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "the store needs room for one purchase")
        self.capacity = capacity
    }

    var count: Int { state.withLock { $0.byUID.count } }

    /// The open purchase of the merchant's `reference`, or else a new one from `make`.
    /// Seed 003: once a purchase with a reference is completed, that reference "cannot" be
    /// used again; a refused, ineligible or canceled one leaves it free for a new purchase.
    func openPurchase(merchantUID: String, reference: String,
                      _ make: () throws(PledgError) -> Purchase) throws(PledgError) -> Purchase {
        try state.withLock { (state: inout State) throws(PledgError) -> Purchase in
            let key = ReferenceKey(merchantUID: merchantUID, reference: reference)
            if let uid = state.byReference[key], let existing = state.byUID[uid] {
                switch existing.machine.state {
                case .open: return existing
                case .completed, .released, .refunded:
                    throw .invalidRequest("The provided property reference is invalid: a purchase with this reference was already completed")
                case .refused, .notEligible, .canceled, .failed: break
                }
            }
            let purchase = try make()
            state.byUID[purchase.uid] = purchase
            state.byReference[key] = purchase.uid
            state.order.append(purchase.uid)
            while state.order.count > capacity {
                let evicted = state.order.removeFirst()
                guard let old = state.byUID.removeValue(forKey: evicted) else { continue }
                let oldKey = ReferenceKey(merchantUID: old.account.merchantUID, reference: old.settings.reference)
                if state.byReference[oldKey] == evicted { state.byReference[oldKey] = nil }
                if let card = old.virtualCard { state.byCard[card.uid] = nil }
            }
            return purchase
        }
    }

    /// The purchase `uid`, or nil.
    func purchase(_ uid: String) -> Purchase? { state.withLock { $0.byUID[uid] } }

    /// The latest purchase of the merchant's `reference`, or nil.
    func purchase(merchantUID: String, reference: String) -> Purchase? {
        state.withLock { state in
            state.byReference[ReferenceKey(merchantUID: merchantUID, reference: reference)].flatMap { state.byUID[$0] }
        }
    }

    /// Changes the purchase `uid` (or the owner of the virtual card `uid`) under the lock; nil
    /// when there is none. A throwing `change` leaves it as it was.
    func update<Result>(_ uid: String, byCard: Bool = false,
                        _ change: (inout Purchase) throws(PledgError) -> Result) throws(PledgError) -> Result? {
        try state.withLock { (state: inout State) throws(PledgError) -> Result? in
            guard let purchaseUID = byCard ? state.byCard[uid] : uid, var purchase = state.byUID[purchaseUID] else { return nil }
            let result = try change(&purchase)
            state.byUID[purchaseUID] = purchase
            if let card = purchase.virtualCard { state.byCard[card.uid] = purchaseUID }
            return result
        }
    }
}
