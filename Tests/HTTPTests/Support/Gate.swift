import Foundation

/// Holds handlers until a test opens it: for in-flight requests without sleeping.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var arrivals = 0

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            arrivals += 1
            if isOpen { lock.unlock(); c.resume(); return }
            waiters.append(c)
            lock.unlock()
        }
    }

    /// How many handlers have reached the gate.
    var arrived: Int { lock.lock(); defer { lock.unlock() }; return arrivals }

    func open() {
        lock.lock()
        isOpen = true
        let w = waiters
        waiters = []
        lock.unlock()
        w.forEach { $0.resume() }
    }
}

/// Polls `condition` until it holds or the deadline passes (for cross-thread effects
/// such as a connection count, never for timeouts, which use the manual clock).
func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}
