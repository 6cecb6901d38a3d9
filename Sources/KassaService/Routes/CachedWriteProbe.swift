import Payments
import Synchronization

/// The store's write probe (`StoreHealth.writeProbe()`), run at most once per interval: callers
/// within it share the last answer, and concurrent callers share one probe in flight.
final class CachedWriteProbe: Sendable {
    private struct State {
        var answer: StorageFault?
        var answeredAt: ContinuousClock.Instant?
        var inFlight: Task<StorageFault?, Never>?
    }

    private let store: any KassaStore
    private let interval: Duration
    private let state = Mutex(State())

    /// A probe of `store` reused for `interval` (about a second: long enough to spare the disk,
    /// short enough for a load balancer to see a fault at its next poll).
    init(store: any KassaStore, interval: Duration = .seconds(1)) {
        self.store = store
        self.interval = interval
    }

    /// The last answer if it is recent, else a fresh probe's.
    func check() async -> StorageFault? {
        let now = ContinuousClock.now
        enum Next { case cached(StorageFault?), wait(Task<StorageFault?, Never>) }
        let next: Next = state.withLock { state in
            if let at = state.answeredAt, now - at < interval { return .cached(state.answer) }
            if let running = state.inFlight { return .wait(running) }
            let running = Task { [store] in await store.writeProbe() }
            state.inFlight = running
            return .wait(running)
        }
        guard case .wait(let task) = next else {
            if case .cached(let answer) = next { return answer }
            return nil
        }
        let answer = await task.value
        state.withLock { state in
            guard state.inFlight == task else { return }
            state.inFlight = nil
            state.answer = answer
            state.answeredAt = ContinuousClock.now
        }
        return answer
    }
}
