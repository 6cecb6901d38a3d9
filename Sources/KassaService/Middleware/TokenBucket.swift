/// A token bucket: up to `burst` tokens, refilled continuously at `perSecond`; a request takes
/// one or is refused with the wait until the next. Pure: the time is passed in (monotonic
/// nanoseconds), so tests move a clock instead of sleeping.
struct TokenBucket: Sendable {
    /// How fast a bucket refills and how much it holds.
    struct Rule: Sendable, Equatable {
        /// Tokens added per second (may be below 1: 10 per minute is 1/6).
        let perSecond: Double
        /// The most tokens it holds: requests allowed at once after a quiet time.
        let burst: Double

        init(perSecond: Double, burst: Int) {
            precondition(perSecond > 0 && burst >= 1, "a rate limit needs a positive rate and a burst of at least 1")
            self.perSecond = perSecond
            self.burst = Double(burst)
        }
    }

    /// What taking a token came to.
    enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; a token is there again in this many whole seconds (at least 1), the
        /// `Retry-After` value (RFC 9110 §10.2.3 counts whole seconds).
        case limited(retryAfterSeconds: Int)
    }

    private var tokens: Double
    /// When `tokens` was last brought up to date.
    private var updated: UInt64

    /// A full bucket.
    init(rule: Rule, now: UInt64) {
        tokens = rule.burst
        updated = now
    }

    /// Takes a token if there is one.
    mutating func take(rule: Rule, now: UInt64) -> Decision {
        refill(rule: rule, now: now)
        if tokens >= 1 {
            tokens -= 1
            return .allowed
        }
        return .limited(retryAfterSeconds: retryAfter(rule: rule))
    }

    /// Whether a token is there, without taking it; `.limited` with the wait otherwise.
    mutating func check(rule: Rule, now: UInt64) -> Decision {
        refill(rule: rule, now: now)
        return tokens >= 1 ? .allowed : .limited(retryAfterSeconds: retryAfter(rule: rule))
    }

    /// A full bucket is the same as none: forgetting it changes no answer.
    func isFull(rule: Rule, now: UInt64) -> Bool {
        tokens + Self.seconds(from: updated, to: now) * rule.perSecond >= rule.burst
    }

    private mutating func refill(rule: Rule, now: UInt64) {
        tokens = min(rule.burst, tokens + Self.seconds(from: updated, to: now) * rule.perSecond)
        updated = max(updated, now)
    }

    private func retryAfter(rule: Rule) -> Int {
        // Less a nanosecond: 2 s computed as 2.0000000001 must not say 3.
        let seconds = ((1 - tokens) / rule.perSecond - 1e-9).rounded(.up)
        return max(1, Int(min(seconds, 86_400)))
    }

    /// A clock that never goes back is assumed, but a reading from before `updated` (two event
    /// loops racing to the lock) counts as no time at all rather than trapping on `-`.
    private static func seconds(from start: UInt64, to end: UInt64) -> Double {
        end > start ? Double(end - start) / 1_000_000_000 : 0
    }
}
