import FoundationEssentials

/// When to try an undelivered event again: exponential back-off with jitter, then dead.
///
/// The nominal delay after attempt n (1-based) is `initialDelay · 2^(n-1)`, capped at
/// `maxDelay`; the real one is drawn from [½·nominal, nominal] ("equal jitter") so that a
/// shop coming back is not hit by every event at the same second. The event is dead when
/// the nominal delays so far add up to more than `maxAge` (3 days by default): the schedule
/// does not depend on the draws, so tests know exactly which attempt is the last.
struct DeliverySchedule: Sendable, Equatable {
    /// The first retry's nominal delay.
    var initialDelay: Duration = .seconds(10)
    /// The largest nominal delay.
    var maxDelay: Duration = .seconds(3600)
    /// How long an event is retried before it is dead.
    var maxAge: Duration = .seconds(3 * 86_400)

    /// The nominal delay after `attempts` failed attempts (≥ 1), in seconds.
    func nominalDelaySeconds(afterAttempts attempts: Int) -> Int64 {
        let initial = max(1, initialDelay.components.seconds), cap = max(initial, maxDelay.components.seconds)
        var delay = initial
        // The loop ends at the cap (at most 63 doublings), so it is short and never overflows.
        var doublings = max(0, attempts - 1)
        while doublings > 0 && delay < cap {
            delay = min(cap, delay * 2)
            doublings -= 1
        }
        return delay
    }

    /// The sum of the nominal delays after attempts 1 … `attempts`, in seconds.
    func elapsedSeconds(afterAttempts attempts: Int) -> Int64 {
        var total: Int64 = 0
        for n in stride(from: 1, through: attempts, by: 1) {
            total += nominalDelaySeconds(afterAttempts: n)
            if total > maxAge.components.seconds { break }
        }
        return total
    }

    /// What follows the failed attempt number `attempts` (1-based) at `now`: the next try's
    /// time, or nil when the event is dead. `unit` is a draw from [0, 1).
    func next(afterAttempts attempts: Int, now: Date, unit: Double) -> Date? {
        guard elapsedSeconds(afterAttempts: attempts) <= maxAge.components.seconds else { return nil }
        let nominal = Double(nominalDelaySeconds(afterAttempts: attempts))
        return now.addingTimeInterval(nominal / 2 + nominal / 2 * min(max(unit, 0), 1))
    }
}
