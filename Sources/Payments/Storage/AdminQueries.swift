import FoundationEssentials

/// The operator page's reads (`/admin`): what an operator checks first, and everything known
/// about one order. Every list has a `limit` and every count a cap, so no page — whatever is
/// searched, however large the database — reads an unbounded number of rows.
public protocol AdminQueries: Sendable {
    /// The front page's figures: checkouts created since `since` per provider and status,
    /// `needs_sync` checkouts, checkouts stuck in `created`/`pending` since before `stuckBefore`,
    /// the outbox backlog, dead events and rejected notifications; each list at most `limit` rows.
    func adminOverview(since: Date, stuckBefore: Date, limit: Int) async throws -> AdminOverview

    /// Checkouts whose id, order reference or provider reference is exactly `term`, newest first.
    func adminSearch(_ term: String, limit: Int) async throws -> [Checkout]

    /// The events of one checkout (every kind, with the provider's raw status), oldest first.
    func adminTimeline(of id: CheckoutID, limit: Int) async throws -> [CheckoutEvent]

    /// The notifications stored for one checkout (named by its id, its provider reference or
    /// one of its operations' references), newest first.
    func adminInbox(of checkout: Checkout, limit: Int) async throws -> [AdminInboxEntry]

    /// How the checkout's published events were delivered to the shop, oldest first.
    func adminDeliveries(of id: CheckoutID, limit: Int) async throws -> [AdminEventDelivery]

    /// Queues a published event again (see `POST /v1/events/{id}/redeliver`); false when the
    /// event is not in the outbox.
    func redeliverEvent(_ id: EventID) async throws -> Bool
}

/// A count read with a cap: `1000+` rather than a scan of a million rows.
public struct BoundedCount: Hashable, Sendable, CustomStringConvertible {
    /// The rows counted, at most the cap.
    public var value: Int
    /// True when there are more than `value`.
    public var isCapped: Bool

    /// A count.
    public init(value: Int, isCapped: Bool) {
        self.value = value
        self.isCapped = isCapped
    }

    /// `12`, or `1000+` when capped.
    public var description: String { isCapped ? "\(value)+" : String(value) }
}

/// The front page of `/admin`.
public struct AdminOverview: Sendable {
    /// Checkouts of one provider in one status.
    public struct Tally: Hashable, Sendable {
        /// The provider.
        public var provider: ProviderID
        /// The status.
        public var status: Checkout.Status
        /// How many checkouts.
        public var count: Int

        /// A tally.
        public init(provider: ProviderID, status: Checkout.Status, count: Int) {
            self.provider = provider
            self.status = status
            self.count = count
        }
    }

    /// Checkouts created in the window, per provider and status.
    public var recent: [Tally]
    /// Checkouts flagged `needs_sync` (no answer from the provider yet).
    public var needsSync: BoundedCount
    /// The oldest of them first.
    public var needsSyncCheckouts: [Checkout]
    /// Checkouts in `created`/`pending` not updated since before the cut-off.
    public var stuck: BoundedCount
    /// The oldest of them first.
    public var stuckCheckouts: [Checkout]
    /// Events waiting to be delivered (neither delivered nor dead).
    public var outboxBacklog: BoundedCount
    /// When the oldest waiting event was queued.
    public var oldestBacklogQueuedAt: Date?
    /// Events given up on.
    public var deadEvents: BoundedCount
    /// The most recent of them first.
    public var deadEventList: [AdminEventDelivery]
    /// Notifications refused (bad signature, malformed) since the window's start.
    public var rejectedNotifications: BoundedCount
    /// The most recent of them first (of any age).
    public var rejectedNotificationList: [AdminInboxEntry]

    /// An overview with every figure given.
    public init(recent: [Tally], needsSync: BoundedCount, needsSyncCheckouts: [Checkout], stuck: BoundedCount,
                stuckCheckouts: [Checkout], outboxBacklog: BoundedCount, oldestBacklogQueuedAt: Date?,
                deadEvents: BoundedCount, deadEventList: [AdminEventDelivery],
                rejectedNotifications: BoundedCount, rejectedNotificationList: [AdminInboxEntry]) {
        self.recent = recent
        self.needsSync = needsSync
        self.needsSyncCheckouts = needsSyncCheckouts
        self.stuck = stuck
        self.stuckCheckouts = stuckCheckouts
        self.outboxBacklog = outboxBacklog
        self.oldestBacklogQueuedAt = oldestBacklogQueuedAt
        self.deadEvents = deadEvents
        self.deadEventList = deadEventList
        self.rejectedNotifications = rejectedNotifications
        self.rejectedNotificationList = rejectedNotificationList
    }
}

/// One row of the webhook inbox, as the operator sees it (never the headers: they may hold
/// what a provider considers confidential; the body is already masked by the intake).
public struct AdminInboxEntry: Hashable, Sendable {
    /// The inbox row id.
    public var id: Int64
    /// The provider whose webhook route received it.
    public var provider: ProviderID
    /// When it was stored.
    public var receivedAt: Date
    /// `verified`, `unsigned`, `rejected`…
    public var verification: String
    /// What the intake said it is about (`checkout:chk_…`, `reference:…`).
    public var lookup: String?
    /// What processing it did (`applied: paid`, `rejected: …`); nil while unprocessed.
    public var result: String?
    /// When it was processed.
    public var processedAt: Date?
    /// The size as received.
    public var receivedBytes: Int
    /// The first bytes of the stored (masked) body, as text.
    public var excerpt: String

    /// An inbox entry.
    public init(id: Int64, provider: ProviderID, receivedAt: Date, verification: String, lookup: String?, result: String?,
                processedAt: Date?, receivedBytes: Int, excerpt: String) {
        self.id = id
        self.provider = provider
        self.receivedAt = receivedAt
        self.verification = verification
        self.lookup = lookup
        self.result = result
        self.processedAt = processedAt
        self.receivedBytes = receivedBytes
        self.excerpt = excerpt
    }
}

/// A published event and how its delivery to the shop stands.
public struct AdminEventDelivery: Hashable, Sendable {
    /// Where the delivery stands.
    public enum State: String, Hashable, Sendable {
        /// The shop answered 2xx.
        case delivered
        /// Queued for a (next) attempt.
        case waiting
        /// Given up on; an operator may redeliver it.
        case dead
        /// No outbox row: events are not pushed (no `shop.webhook_url`) or it predates that.
        case notQueued = "not queued"
    }

    /// The event.
    public var eventID: EventID
    /// Its checkout.
    public var checkoutID: CheckoutID
    /// Its kind (a published one).
    public var kind: CheckoutEvent.Kind
    /// The status it announces.
    public var newStatus: Checkout.Status
    /// When it happened.
    public var occurredAt: Date
    /// Where its delivery stands.
    public var state: State
    /// POSTs made so far.
    public var attempts: Int
    /// The last failure, if any.
    public var lastError: String?
    /// When it was delivered, given up on, or is next due.
    public var stateSince: Date?

    /// A delivery row.
    public init(eventID: EventID, checkoutID: CheckoutID, kind: CheckoutEvent.Kind, newStatus: Checkout.Status, occurredAt: Date,
                state: State, attempts: Int, lastError: String?, stateSince: Date?) {
        self.eventID = eventID
        self.checkoutID = checkoutID
        self.kind = kind
        self.newStatus = newStatus
        self.occurredAt = occurredAt
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.stateSince = stateSince
    }
}
