/// When the reconciler reads the status of a checkout that is not final (DESIGN.md lessons:
/// "each provider has a poll schedule … and a checkout still not final after a configurable
/// deadline becomes `expired`"). Each provider declares its own: SmartCredit has no
/// notifications and is polled from the start; SmartPay's `*_PENDING` states are re-read three
/// times within three minutes; secuconnect and Pledg are polled only when no notification
/// arrived within `firstPoll`.
public struct PollSchedule: Sendable, Equatable {
    /// The waits before each poll of a non-final checkout, the first counted from its last
    /// change; the last one repeats until the deadline.
    public var intervals: [Duration]
    /// A checkout still not final this long after its creation is expired (an unknown
    /// creation's expiry records that its outcome was never learned).
    public var deadline: Duration
    /// How long a `paid` (or partially refunded) checkout is still polled on this schedule,
    /// counted from its last change: for a provider whose cancellations and reimbursements
    /// happen only in its own portal (SmartCredit), which Kassa learns only by asking. Nil:
    /// nothing is left to learn once paid.
    public var watchesPaid: Duration?

    /// A schedule; `intervals` must not be empty (an empty one polls every 15 minutes).
    public init(intervals: [Duration], deadline: Duration, watchesPaid: Duration? = nil) {
        self.intervals = intervals.isEmpty ? [.seconds(900)] : intervals
        self.deadline = deadline
        self.watchesPaid = watchesPaid
    }

    /// The wait before poll number `attempt` (0 the first) since the checkout's last change.
    public func interval(beforePoll attempt: Int) -> Duration {
        intervals[min(max(attempt, 0), intervals.count - 1)]
    }

    /// Providers that notify: the first poll after 15 minutes without news, then every 30
    /// minutes, expired after 24 hours.
    public static let afterSilence = PollSchedule(intervals: [.seconds(900), .seconds(1800)], deadline: .seconds(86_400))
}

/// What a search at the provider by Kassa's own reference found (SmartCredit's `do-search`
/// on `orderId`): how an unknown-outcome creation that never gave a provider reference is
/// resolved.
public enum ProviderSearchResult: Sendable, Equatable {
    /// The provider has the payment: its reference and its status.
    case found(providerReference: String, status: ProviderStatus)
    /// The provider answered and has no payment under Kassa's reference: it was never created.
    case notFound
    /// The provider cannot be searched by Kassa's reference: the checkout stays visibly
    /// unresolved for operators until its deadline.
    case unsupported
}
