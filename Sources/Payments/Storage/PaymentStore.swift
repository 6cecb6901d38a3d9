import FoundationEssentials

/// What the service needs from storage, in domain terms (no SQL). `SQLiteStore` (module
/// `Store`) implements it; a PostgreSQL implementation can follow.
///
/// Every method is atomic. Writes are serialized: `apply(_:to:)` re-reads the checkout inside
/// its transaction, so a webhook and a poll arriving together cannot both apply.
/// Failures are `PaymentStoreError`.
public protocol PaymentStore: OperationStore, OrderStore, Sendable {
    // MARK: Checkouts and orders

    /// Stores the order (if new), the attempt (status `created`) and its `created` event, and
    /// enqueues the event for the shop, in one transaction. Throws `orderAlreadyPaid` when an
    /// attempt for the reference has been paid, `duplicateReference` when the id exists.
    func createCheckout(_ new: NewCheckout) async throws -> (Checkout, CheckoutEvent)

    /// Records the provider's id for the attempt and further ids/tokens (merged into
    /// `providerData`). Throws `checkoutNotFound`, or `duplicateReference` when another
    /// checkout of the same provider already has that reference.
    func attachProviderReference(_ reference: String?, data: [String: String], to id: CheckoutID) async throws -> Checkout

    /// One checkout, or nil.
    func checkout(id: CheckoutID) async throws -> Checkout?

    /// The checkout a provider knows by `reference`, or nil.
    func checkout(provider: ProviderID, reference: String) async throws -> Checkout?

    /// The order with every attempt (oldest first), or nil when the reference is unknown.
    func order(reference: String) async throws -> Order?

    /// One page of checkouts matching `query`, newest first (created_at, then insertion order).
    /// Throws `checkoutNotFound` when `query.startingAfter` names no checkout.
    func checkouts(matching query: CheckoutListQuery) async throws -> [Checkout]

    /// Applies a provider update through `Checkout.StateMachine`, inside one transaction that
    /// re-reads the checkout first. Writes an event row whatever the outcome; an applied
    /// change also updates the checkout and enqueues the event in the outbox. Any update
    /// other than an integrity violation clears `needsSync` (the provider answered), unless an
    /// operation of the checkout is still `requested` or `unknown`: only an answer that shows its
    /// effect clears the flag then (issue 14).
    /// Throws `checkoutNotFound`.
    func apply(_ update: StatusUpdate, to id: CheckoutID) async throws -> TransitionOutcome

    /// `apply(_:to:)` that first, in the same transaction, records the provider's reference
    /// (when not nil) and merges `data` into `providerData` — one write instead of two when a
    /// provider call returns both ids and a status. Throws as both methods do.
    func apply(_ update: StatusUpdate, to id: CheckoutID, attaching reference: String?,
               data: [String: String]) async throws -> TransitionOutcome

    /// Flags the checkout `needs_sync` (a provider call ended without an answer) and records a
    /// `needs_sync` event with `detail`. Throws `checkoutNotFound`.
    func markNeedsSync(_ id: CheckoutID, source: CheckoutEvent.Source, detail: String) async throws -> CheckoutEvent

    // MARK: Events

    /// Events with `sequence > after`, oldest first, at most `limit`. With `publishedOnly`
    /// only the shop's event log (`created`, `transition`).
    func events(after: Int64, limit: Int, publishedOnly: Bool) async throws -> [CheckoutEvent]

    /// The shop's event log (published kinds) with `sequence > after`, narrowed by `filter`,
    /// oldest first, at most `limit`.
    func events(after: Int64, limit: Int, filter: EventLogFilter) async throws -> [CheckoutEvent]

    /// Every event of one checkout, oldest first (its history).
    func events(of id: CheckoutID) async throws -> [CheckoutEvent]

    // MARK: Idempotency

    /// Looks up and, when new or expired, claims `key` (in its scope) for `fingerprint`; keys live 24 h.
    func beginIdempotentRequest(key: IdempotencyKey, fingerprint: RequestFingerprint) async throws -> IdempotencyDecision

    /// Stores the response of a claimed key for replays.
    func completeIdempotentRequest(key: IdempotencyKey, response: StoredResponse) async throws

    /// Drops an unanswered claim (the request failed before producing a response to keep).
    func releaseIdempotentRequest(key: IdempotencyKey) async throws

    /// Deletes expired keys; returns how many.
    func purgeExpiredIdempotencyKeys() async throws -> Int

    // MARK: Webhook inbox

    /// Stores a notification before the 2xx; returns its row id. Durable when this returns.
    /// With `bodyLimit`, only that many first bytes of the body are kept (with the size as
    /// received and the SHA-256 of the whole); a `verified` body is always kept whole.
    func insertWebhook(provider: ProviderID, body: [UInt8], headers: [String: String],
                       verification: WebhookInboxItem.Verification, bodyLimit: Int?) async throws -> Int64

    /// Deletes at most `batch` notifications that are not `verified`, oldest first: those
    /// received before `cutoff`, and those beyond the newest `maxRows` of them. Returns how many.
    func pruneUnverifiedWebhooks(receivedBefore cutoff: Date, keepingAtMost maxRows: Int, batch: Int) async throws -> Int

    /// Marks a notification processed with a short result.
    func markWebhookProcessed(_ id: Int64, result: String) async throws

    /// Notifications not processed yet (after a crash), oldest first.
    func unprocessedWebhooks(limit: Int) async throws -> [WebhookInboxItem]

    // MARK: Outbox

    /// Outbox items due at or before now, not delivered and not abandoned, oldest due first.
    func dueOutboxItems(limit: Int) async throws -> [OutboxItem]

    /// Marks an item delivered.
    func markOutboxDelivered(_ id: Int64) async throws

    /// Records a failed attempt; `nextAttemptAt` nil abandons the item (kept for the operator).
    func markOutboxFailed(_ id: Int64, error: String, nextAttemptAt: Date?) async throws

    // MARK: Health

    /// Throws unless the database answers a query (for `/readyz`).
    func checkReadiness() async throws
}

extension PaymentStore {
    /// See the protocol: stores the whole body.
    public func insertWebhook(provider: ProviderID, body: [UInt8], headers: [String: String],
                              verification: WebhookInboxItem.Verification) async throws -> Int64 {
        try await insertWebhook(provider: provider, body: body, headers: headers, verification: verification, bodyLimit: nil)
    }

    /// The shop's event log after `after` (published kinds only).
    public func events(after: Int64, limit: Int) async throws -> [CheckoutEvent] {
        try await events(after: after, limit: limit, publishedOnly: true)
    }
}

extension PaymentStore {
    /// See the protocol: applies `update` without attaching anything.
    public func apply(_ update: StatusUpdate, to id: CheckoutID) async throws -> TransitionOutcome {
        try await apply(update, to: id, attaching: nil, data: [:])
    }
}
