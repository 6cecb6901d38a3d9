import Foundation

/// Test support: holds handlers until a test opens it: for in-flight requests without sleeping.
public final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var arrivals = 0

    public init() {}

    public func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            arrivals += 1
            if isOpen { lock.unlock(); c.resume(); return }
            waiters.append(c)
            lock.unlock()
        }
    }

    /// How many handlers have reached the gate.
    public var arrived: Int { lock.lock(); defer { lock.unlock() }; return arrivals }

    public func open() {
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
public func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}
