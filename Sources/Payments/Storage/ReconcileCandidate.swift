import FoundationEssentials

/// A checkout whose time for the reconciler's look has come, with what the look needs to
/// decide: how many polls since its last change, and whether an operation is still open.
public struct ReconcileCandidate: Sendable {
    /// The checkout as stored.
    public var checkout: Checkout
    /// Polls since the checkout last changed (0: none yet).
    public var pollAttempts: Int
    /// When it became due.
    public var dueAt: Date
    /// True when a capture, cancel or refund is `requested`, `unknown` or `pending`.
    public var hasOpenOperations: Bool

    /// A candidate with every field given.
    public init(checkout: Checkout, pollAttempts: Int, dueAt: Date, hasOpenOperations: Bool) {
        (self.checkout, self.pollAttempts, self.dueAt, self.hasOpenOperations) = (checkout, pollAttempts, dueAt, hasOpenOperations)
    }
}

/// What the reconciler decides when a candidate comes due, inside the claiming transaction.
public enum ReconcileDecision: Sendable, Equatable {
    /// Poll it now: it is claimed until `leaseUntil` (looked at again then if the process died).
    case poll(leaseUntil: Date)
    /// Not due yet (its provider's schedule says later): look again at the date.
    case notBefore(Date)
    /// Nothing left to learn: no further look.
    case nothingToDo
}

/// A candidate claimed for a poll, and the lease written for it.
public struct ClaimedCheckout: Sendable {
    /// What was claimed.
    public var candidate: ReconcileCandidate
    /// The `next_poll_at` written by the claim: the reschedule after the poll compares it.
    public var leaseUntil: Date

    /// A claim of `candidate` until `leaseUntil`.
    public init(candidate: ReconcileCandidate, leaseUntil: Date) {
        (self.candidate, self.leaseUntil) = (candidate, leaseUntil)
    }
}
