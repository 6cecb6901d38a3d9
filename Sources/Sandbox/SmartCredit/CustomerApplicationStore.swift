import Synchronization

/// The simulator's applications in memory, at most `capacity`: the oldest is evicted first.
/// Every read and change happens under one lock, so that two initializes with one `orderId`
/// cannot both pass the duplicate check.
final class CustomerApplicationStore: Sendable {
    private struct State {
        var byID: [String: CustomerApplication] = [:]
        /// Application ids, oldest first.
        var order: [String] = []
        /// `orderId` → application id (unique: seed's "Order Id: xxxx already exist").
        var byOrderID: [String: String] = [:]
        /// `auxiliaryDataId` → application id.
        var byJourneyID: [String: String] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// A store holding at most `capacity` applications.
    init(capacity: Int) {
        precondition(capacity > 0, "the store needs room for one application")
        self.capacity = capacity
    }

    /// How many applications are held.
    var count: Int { state.withLock { $0.byID.count } }

    /// Adds `application` unless its `orderId` is taken, evicting the oldest ones beyond
    /// the capacity; false when the `orderId` exists.
    func insert(_ application: CustomerApplication) -> Bool {
        state.withLock { state in
            guard state.byOrderID[application.draft.orderID] == nil else { return false }
            state.byID[application.id] = application
            state.byOrderID[application.draft.orderID] = application.id
            state.byJourneyID[application.journeyID] = application.id
            state.order.append(application.id)
            while state.order.count > capacity {
                if let evicted = state.byID.removeValue(forKey: state.order.removeFirst()) {
                    state.byOrderID[evicted.draft.orderID] = nil
                    state.byJourneyID[evicted.journeyID] = nil
                }
            }
            return true
        }
    }

    /// The application id of `orderId`, or nil.
    func applicationID(forOrder orderID: String) -> String? {
        state.withLock { $0.byOrderID[orderID] }
    }

    /// The application id of the journey `journeyID` (`auxiliaryDataId`), or nil.
    func applicationID(forJourney journeyID: String) -> String? {
        state.withLock { $0.byJourneyID[journeyID] }
    }

    /// A copy of the application `id`, without counting as a read.
    func application(_ id: String) -> CustomerApplication? {
        state.withLock { $0.byID[id] }
    }

    /// Every application, oldest first (at most `capacity`).
    func all() -> [CustomerApplication] {
        state.withLock { state in state.order.compactMap { state.byID[$0] } }
    }

    /// Changes the application `id` under the lock; nil when there is none. A throwing
    /// `change` leaves it as it was.
    func update<Result>(_ id: String, _ change: (inout CustomerApplication) throws(SmartCreditError) -> Result) throws(SmartCreditError) -> Result? {
        try state.withLock { (state: inout State) throws(SmartCreditError) -> Result? in
            guard var application = state.byID[id] else { return nil }
            let result = try change(&application)
            state.byID[id] = application
            return result
        }
    }
}
