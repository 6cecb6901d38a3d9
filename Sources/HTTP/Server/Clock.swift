#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The time source of the server's timeouts, injected so that timeout tests never sleep.
public protocol ServerClock: Sendable {
    /// Monotonic nanoseconds; only differences matter.
    func now() -> UInt64
}

/// CLOCK_MONOTONIC_COARSE: the timeouts count seconds, and the coarse clock (a few
/// milliseconds' resolution) is read from memory, where the fine one reads the CPU's time
/// stamp counter, several times per request.
public struct MonotonicClock: ServerClock {
    /// The system's monotonic clock, at the scheduler tick's resolution.
    public init() {}

    public func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// A clock that moves only when told to: for tests.
public final class ManualClock: ServerClock {
    private let nanoseconds = Atomic<UInt64>(1_000_000_000)

    /// A clock at an arbitrary fixed instant.
    public init() {}

    public func now() -> UInt64 { nanoseconds.load(ordering: .acquiring) }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        nanoseconds.add(duration.nanoseconds, ordering: .releasing)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at zero.
    var nanoseconds: UInt64 {
        let (s, atto) = components
        guard s >= 0 else { return 0 }
        return UInt64(s) * 1_000_000_000 + UInt64(atto / 1_000_000_000)
    }
}
