import FoundationEssentials

/// Everything the running service asks of its store: the payment operations (`PaymentStore`),
/// the operator page (`AdminQueries`), the reconciler's schedule, the shop's event delivery and
/// the store's health. `SQLiteStore` and `PostgresStore` (module `Store`) implement it, and
/// `KassaService` holds `any KassaStore`, chosen by `store.url`.
public typealias KassaStore = PaymentStore & AdminQueries & ReconcilerStore & EventDeliveryStore & StoreHealth

/// The reconciler's work, derived from the database: each checkout carries its next look
/// (`next_poll_at`), and a claim moves it to a lease so two passes — or two instances — never
/// poll one checkout at once, while a lease that runs out (a killed instance) is taken over.
public protocol ReconcilerStore: Sendable {
    /// Takes the checkouts due at `now`, earliest due first, and lets `decide` say for each what
    /// happens, in one write transaction: at most `limit` are claimed for a poll (their next look
    /// moved to the lease), the others moved to their own time or dropped from the schedule. At
    /// most `scanLimit` rows are looked at, so one claim is bounded whatever the backlog.
    func claimDueCheckouts(now: Date, limit: Int, scanLimit: Int,
                           decide: @escaping @Sendable (ReconcileCandidate) -> ReconcileDecision) async throws -> [ClaimedCheckout]

    /// After a poll: the next look at `next` (nil: none) with `attempts` polls counted, unless
    /// the checkout changed since it was claimed (a change starts its schedule again, and that
    /// wins). Returns whether it was written.
    @discardableResult
    func reschedulePoll(_ id: CheckoutID, claimedUntil lease: Date, attempts: Int, next: Date?) async throws -> Bool

    /// The earliest time any checkout is due (the scheduler sleeps until then), or nil.
    func earliestPollDue() async throws -> Date?

    /// Deletes at most `batch` idempotency keys expired at `now`, oldest expiry first; returns
    /// how many. Bounded so one purge never holds the store long.
    func purgeExpiredIdempotencyKeys(now: Date, batch: Int) async throws -> Int
}

/// The outbox as the deliverer and `/metrics` read it.
public protocol EventDeliveryStore: Sendable {
    /// The due outbox items that may be sent now, oldest due first: in order per checkout, an
    /// event waits while an earlier one of its checkout is neither delivered nor dead.
    func deliverableOutboxItems(limit: Int) async throws -> [OutboxItem]

    /// Records one delivery attempt of an outbox row and what becomes of the row, in one
    /// transaction: the attempt log and the delivery state never disagree.
    func recordDeliveryAttempt(outboxID: Int64, attempt: EventDeliveryAttempt, outcome: EventDeliveryOutcome) async throws

    /// Every delivery attempt of an event, oldest first; nil when the event is not in the
    /// shop's event log (unknown, or a kind that is not published).
    func deliveryAttempts(of id: EventID) async throws -> [EventDeliveryAttempt]?

    /// When the longest-flagged `needs_sync` checkout last changed (nil when none is flagged).
    func oldestNeedsSyncChange() async throws -> Date?

    /// How many events are dead (given up on, not redelivered).
    func deadEventCount() async throws -> Int
}

/// What `/readyz`, `/metrics` and the shutdown ask of the store itself.
public protocol StoreHealth: Sendable {
    /// Where the data is, for messages: the SQLite file's path, or the PostgreSQL URL without
    /// its password.
    var location: String { get }

    /// The newest migration applied to the database, and the newest this binary knows
    /// (`/readyz` is not ready while the first is behind).
    func schemaVersions() async throws -> (applied: Int, known: Int)

    /// Nil when a write reaches the disk, else what stopped it (a read-only filesystem, a full
    /// disk, a corrupted file, an unreachable database).
    func writeProbe() async -> StorageFault?

    /// Storage failures so far, by kind (every kind, zero included).
    var storageFaultCounts: [StorageFault.Kind: Int] { get }

    /// Marks `needs_sync` every attempt whose provider call was cut off (a creation still
    /// waiting for its answer, a capture, cancel or refund still `requested`), each with a
    /// `needs_sync` event carrying `detail`; returns the checkouts marked. Called when the
    /// shutdown grace ends. Only this instance's calls: with several instances on one database,
    /// another instance's calls in flight are not interrupted.
    @discardableResult
    func markInterruptedCalls(source: CheckoutEvent.Source, detail: String) async throws -> [CheckoutID]
}

extension StoreHealth {
    /// See the protocol: marked as the API's doing.
    @discardableResult
    public func markInterruptedCalls(detail: String) async throws -> [CheckoutID] {
        try await markInterruptedCalls(source: .api, detail: detail)
    }
}
