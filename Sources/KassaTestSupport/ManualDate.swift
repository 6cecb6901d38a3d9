import Foundation

/// Test support: a wall clock that stands still until a test advances it, for token expiry
/// and timestamps. Starts at 2023-11-14T22:13:20Z (1,700,000,000 s).
public final class ManualDate: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)

    public init() {}

    /// The current time.
    public var now: Date { lock.lock(); defer { lock.unlock() }; return current }

    /// Moves the clock forward.
    public func advance(seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }
}
