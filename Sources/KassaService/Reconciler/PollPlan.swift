import FoundationEssentials
import Payments
import Store

/// When the reconciler asks about a checkout, as pure arithmetic on times (no I/O, so the
/// rules are tested without a provider): the claim-time decision for a checkout that came due,
/// and the next look after a poll.
///
/// - A checkout flagged `needs_sync`, or with a capture, cancel or refund whose outcome is
///   open, is polled at once and then on `syncBackoff` (10 s, 30 s, 1 min, 5 min, then every
///   15 min), whatever its status: a refund whose answer was lost keeps a `paid` checkout polled.
/// - A checkout that is not final (`created`, `pending`, `authorized`) follows its provider's
///   `PollSchedule`: the first interval counted from its last change, each further one from
///   the previous poll, the last one repeating.
/// - A paid (or partially refunded) checkout whose provider's schedule `watchesPaid` is polled on
///   that schedule for that long after its last change (SmartCredit's portal).
/// - Anything else has nothing left to learn and leaves the schedule.
struct PollPlan: Sendable {
    /// The waits between polls of a flagged checkout; the last repeats.
    var syncBackoff: [Duration] = [.seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900)]
    /// How long a claimed checkout is held for its poll: longer than any provider call
    /// (SmartPay's 90 s timeout), so that only a dead process lets it come due again.
    var lease: Duration = .seconds(300)
    /// How long after its creation a search that finds nothing is believed: a creation whose
    /// call timed out may still be in flight at the provider for up to its timeout.
    var searchGrace: Duration = .seconds(300)

    /// What to do with `candidate`, due at `now`, under `schedule`.
    func decide(_ candidate: ReconcileCandidate, schedule: PollSchedule, now: Date) -> ReconcileDecision {
        let checkout = candidate.checkout
        if checkout.needsSync || candidate.hasOpenOperations { return .poll(leaseUntil: now + lease.seconds) }
        guard Self.isOpen(checkout.status) || isWatched(checkout, schedule, now: now) else { return .nothingToDo }
        if candidate.pollAttempts == 0 {
            // The trigger marked it due shortly after its last change; its provider may say later.
            var first = checkout.updatedAt + schedule.interval(beforePoll: 0).seconds
            if Self.expires(checkout.status) { first = min(first, deadline(of: checkout, schedule)) }
            if Self.milliseconds(first) > Self.milliseconds(now) { return .notBefore(first) }
        }
        return .poll(leaseUntil: now + lease.seconds)
    }

    /// The next look after poll number `attempts` (1 the first) ended at `now` with the
    /// checkout as `checkout`; nil when there is nothing left to learn.
    func nextLook(after attempts: Int, checkout: Checkout, hasOpenOperations: Bool, schedule: PollSchedule, now: Date) -> Date? {
        if checkout.needsSync || hasOpenOperations {
            return now + syncBackoff[min(max(attempts - 1, 0), syncBackoff.count - 1)].seconds
        }
        guard Self.isOpen(checkout.status) || isWatched(checkout, schedule, now: now) else { return nil }
        let next = now + schedule.interval(beforePoll: attempts).seconds
        // Looked at once more at the deadline itself, so that expiry is on time.
        let deadline = deadline(of: checkout, schedule)
        return Self.expires(checkout.status) && Self.milliseconds(deadline) > Self.milliseconds(now) ? min(next, deadline) : next
    }

    /// True while a paid checkout is still polled for changes its provider makes only in its
    /// own portal (`PollSchedule.watchesPaid`).
    func isWatched(_ checkout: Checkout, _ schedule: PollSchedule, now: Date) -> Bool {
        guard let watch = schedule.watchesPaid, checkout.status == .paid || checkout.status == .partiallyRefunded else { return false }
        return Self.milliseconds(now) < Self.milliseconds(checkout.updatedAt + watch.seconds)
    }

    /// Statuses that expire at the deadline: waiting for the buyer (an authorization is the
    /// shop's to capture or cancel, a payment is done).
    private static func expires(_ status: Checkout.Status) -> Bool { status == .created || status == .pending }

    /// When `checkout` expires if still not final.
    func deadline(of checkout: Checkout, _ schedule: PollSchedule) -> Date {
        checkout.createdAt + schedule.deadline.seconds
    }

    /// True when the checkout is past its deadline and may expire: not final, and neither
    /// paid nor authorized (a reservation is the shop's to capture or cancel, never Kassa's
    /// to drop).
    func isOverdue(_ checkout: Checkout, schedule: PollSchedule, now: Date) -> Bool {
        Self.milliseconds(now) >= Self.milliseconds(deadline(of: checkout, schedule))
            && (checkout.status == .created || checkout.status == .pending)
    }

    /// True when a search that found nothing can be believed.
    func believesNotFound(_ checkout: Checkout, now: Date) -> Bool {
        Self.milliseconds(now) >= Self.milliseconds(checkout.createdAt + searchGrace.seconds)
    }

    // Times compare in the store's unit: a due time read back from milliseconds is not
    // moved by a fraction of one.
    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Not final: the provider may still move it.
    static func isOpen(_ status: Checkout.Status) -> Bool {
        status == .created || status == .pending || status == .authorized
    }
}
