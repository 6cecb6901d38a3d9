#if canImport(Glibc)
import Glibc
#endif

/// Elapsed time for the metrics (requests, provider calls) and the access log, on
/// CLOCK_MONOTONIC: one clock read at each end and plain integer arithmetic. `ContinuousClock` and `Duration` cost
/// several times that, and this runs twice on every request.
struct Stopwatch {
    private let start: UInt64

    init() { start = Self.now() }

    /// Seconds since creation.
    var seconds: Double { Double(Self.now() &- start) / 1e9 }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
