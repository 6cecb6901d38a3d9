import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// The processor the calling thread runs on, for state written on every request: kept once
/// per processor, the event loops on different cores do not take turns at one cache line.
public enum Processor {
    /// How many stripes of such state to keep: the processors configured.
    public static let count = max(1, sysconf(Int32(_SC_NPROCESSORS_CONF)))

    /// The current processor's stripe, in `0..<count`. A thread may move right after: this
    /// picks the stripe to use, it guarantees nothing (stripes still lock or are atomic).
    public static var current: Int {
        let cpu = Int(sched_getcpu())
        return cpu >= 0 ? cpu % count : 0
    }
}
