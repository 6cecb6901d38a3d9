import Synchronization

/// Requests that a `timeout` fault holds without an answer: each waits until the simulator
/// shuts down or its bound passes, so a client sees a request that never completes.
final class HeldRequests: Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        let timer: Task<Void, Never>
    }

    private struct State {
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
        var isReleased = false
    }

    private let state = Mutex(State())

    /// Suspends until `releaseAll()` or until `bound` has passed.
    func hold(atMost bound: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id: Int? = state.withLock { state in
                guard !state.isReleased else { return nil }
                state.nextID += 1
                return state.nextID
            }
            guard let id else { return continuation.resume() }
            let timer = Task { [weak self] in
                try? await Task.sleep(for: bound)
                self?.release(id)
            }
            let isLate = state.withLock { state -> Bool in
                guard !state.isReleased else { return true }
                state.waiters[id] = Waiter(continuation: continuation, timer: timer)
                return false
            }
            if isLate { timer.cancel(); continuation.resume() }
        }
    }

    /// How many requests are held now.
    var count: Int { state.withLock { $0.waiters.count } }

    /// Resumes every held request and every later one at once (shutdown).
    func releaseAll() {
        let waiters = state.withLock { state -> [Waiter] in
            state.isReleased = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.timer.cancel()
            waiter.continuation.resume()
        }
    }

    private func release(_ id: Int) {
        guard let waiter = state.withLock({ $0.waiters.removeValue(forKey: id) }) else { return }
        waiter.continuation.resume()
    }
}
