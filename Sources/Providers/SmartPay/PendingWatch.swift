/// Seed 001's pending rule, per transaction: "If you receive a PENDING status retry the get
/// payment status call up to three times within 3 minutes and log an error if the status is
/// not changed." The re-reads themselves are the reconciler's (`SmartPayProvider.pollSchedule`
/// puts three of them inside three minutes); this machine counts, per transaction, the reads
/// that found the same `*_PENDING` status, and says when the third re-read found it unchanged,
/// once. After that the checkout is left to the reconciler's normal schedule.
///
/// Bounded: at most `capacity` transactions are watched; beyond, a new one is not counted (its
/// error line is lost, never its payment: the reconciler keeps polling it).
struct PendingWatch: Sendable {
    private enum State: Sendable {
        /// The first read that found `status`, then `retries` re-reads that found it again.
        case watching(status: String, retries: Int)
        /// The error was logged for `status`; nothing more until the status changes.
        case reported(status: String)
    }

    /// What one read means for the rule.
    enum Verdict: Equatable, Sendable {
        /// Nothing to say (not pending, or still within its re-reads).
        case none
        /// The third re-read found the same pending status: log an error, once.
        case stillPending(retries: Int)
    }

    /// The re-reads of seed 001.
    static let retries = 3
    let capacity: Int
    private var states: [String: State] = [:]

    /// A watch for at most `capacity` transactions at once.
    init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Transactions watched now.
    var count: Int { states.count }

    /// Records that a read of `transaction` found `status` (pending or not).
    mutating func observe(transaction: String, status: String, isPending: Bool) -> Verdict {
        guard isPending else {
            states[transaction] = nil
            return .none
        }
        switch states[transaction] {
        case .watching(let seen, let retries)? where seen == status:
            let next = retries + 1
            guard next >= Self.retries else {
                states[transaction] = .watching(status: status, retries: next)
                return .none
            }
            states[transaction] = .reported(status: status)
            return .stillPending(retries: next)
        case .reported(let seen)? where seen == status:
            return .none
        case .watching?, .reported?:
            states[transaction] = .watching(status: status, retries: 0)
            return .none
        case nil:
            if states.count >= capacity { dropReported() }
            guard states.count < capacity else { return .none }
            states[transaction] = .watching(status: status, retries: 0)
            return .none
        }
    }

    private mutating func dropReported() {
        states = states.filter { _, state in
            if case .reported = state { return false }
            return true
        }
    }
}

/// Unknown `paymentStatus` values already logged (PROVIDERS.md B: "log it once"). Bounded: a
/// provider inventing a new value per answer cannot grow it past `capacity`; past it, each
/// further unknown value is logged as "another unknown status" once.
struct UnknownStatusLog: Sendable {
    let capacity: Int
    private var seen: Set<String> = []
    private var overflowLogged = false

    /// A log remembering at most `capacity` values.
    init(capacity: Int = 64) { self.capacity = capacity }

    /// True when `status` has not been logged before (and is now remembered).
    mutating func isFirstSighting(of status: String) -> Bool {
        if seen.contains(status) { return false }
        guard seen.count < capacity else {
            defer { overflowLogged = true }
            return !overflowLogged
        }
        seen.insert(status)
        return true
    }
}
