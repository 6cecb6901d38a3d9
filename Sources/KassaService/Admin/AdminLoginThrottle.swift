import FoundationEssentials
import HTTP
import Synchronization

/// Failed sign-ins per client address (form or HTTP Basic): after `maxFailures` within
/// `window` the address gets 429 until the window that began with its first failure ends,
/// so an admin key cannot be guessed at network speed. Bounded: at most `capacity` addresses
/// are tracked; when full, the stalest entries go first.
final class AdminLoginThrottle: Sendable {
    static let maxFailures = 5
    static let window: TimeInterval = 60
    static let capacity = 10_000

    private struct Entry {
        var failures: Int
        var windowStart: Date
    }

    private let entries = Mutex<[IPAddress?: Entry]>([:])
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// Seconds the address must wait before trying again; nil when it may try now.
    func retryAfter(_ address: IPAddress?) -> Int? {
        let current = now()
        return entries.withLock { table in
            guard let entry = table[address] else { return nil }
            let end = entry.windowStart.addingTimeInterval(Self.window)
            guard end > current else { table[address] = nil; return nil }
            guard entry.failures >= Self.maxFailures else { return nil }
            return max(1, Int(end.timeIntervalSince(current).rounded(.up)))
        }
    }

    /// Counts a failed sign-in from `address`.
    func recordFailure(_ address: IPAddress?) {
        let current = now()
        entries.withLock { table in
            if var entry = table[address], entry.windowStart.addingTimeInterval(Self.window) > current {
                entry.failures += 1
                table[address] = entry
                return
            }
            if table.count >= Self.capacity {
                table = table.filter { $0.value.windowStart.addingTimeInterval(Self.window) > current }
                if table.count >= Self.capacity, let stalest = table.min(by: { $0.value.windowStart < $1.value.windowStart }) {
                    table[stalest.key] = nil
                }
            }
            table[address] = Entry(failures: 1, windowStart: current)
        }
    }
}
