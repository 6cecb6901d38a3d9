import Synchronization

/// The requests a `latency` or `timeout` fault is holding, against a small cap of their own:
/// a hold takes a slot first (`reserve()`), so that no client can make the simulator hold more
/// than `capacity` requests at once, whatever the server's connection limit. A wait ends when
/// its bound passes, when the waiting task is cancelled (the server cancels a request's task
/// when its client disconnects), or at `releaseAll()` (shutdown), whichever comes first.
final class HeldRequests: Sendable {
    /// One taken slot; give it back with `free(_:)`.
    struct Slot: Sendable {
        fileprivate let id: Int
    }

    private struct State {
        var nextID = 0
        /// The taken slots, each with the sleep it is waiting on, if any.
        var slots: [Int: Task<Void, any Error>?] = [:]
        var isReleased = false
    }

    /// The most requests held at once.
    let capacity: Int
    private let state = Mutex(State())

    /// A registry holding at most `capacity` requests.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Takes a slot, or nil when `capacity` requests are held already. After `releaseAll()`
    /// every slot is granted and never waits, so that late requests are answered at once.
    func reserve() -> Slot? {
        state.withLock { state in
            state.nextID += 1
            if state.isReleased { return Slot(id: state.nextID) }
            guard state.slots.count < capacity else { return nil }
            state.slots[state.nextID] = .some(nil)
            return Slot(id: state.nextID)
        }
    }

    /// Suspends for `bound`, or less: until the calling task is cancelled or `releaseAll()`.
    func wait(_ slot: Slot, atMost bound: Duration) async {
        // A child sleep that both cancellation paths can end: the caller's cancellation
        // through the handler, shutdown through the table.
        let sleep = Task<Void, any Error> { try await Task.sleep(for: bound) }
        let isRegistered = state.withLock { state -> Bool in
            guard state.slots[slot.id] != nil else { return false }
            state.slots[slot.id] = sleep
            return true
        }
        guard isRegistered else { return sleep.cancel() }
        await withTaskCancellationHandler {
            _ = await sleep.result
        } onCancel: {
            sleep.cancel()
        }
        state.withLock { state in
            if state.slots[slot.id] != nil { state.slots[slot.id] = .some(nil) }
        }
    }

    /// Gives the slot back (again is harmless).
    func free(_ slot: Slot) {
        let sleep = state.withLock { $0.slots.removeValue(forKey: slot.id) }
        sleep??.cancel()
    }

    /// How many requests are held now.
    var count: Int { state.withLock { $0.slots.count } }

    /// Ends every wait now and every later one at once (shutdown).
    func releaseAll() {
        let sleeps = state.withLock { state -> [Task<Void, any Error>] in
            state.isReleased = true
            defer { state.slots = [:] }
            return state.slots.values.compactMap { $0 }
        }
        for sleep in sleeps { sleep.cancel() }
    }
}
