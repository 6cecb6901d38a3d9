import FoundationEssentials

/// An event waiting to be pushed to the shop. The payload is rendered at delivery time from
/// the event and the checkout's latest state; the row holds only delivery state.
public struct OutboxItem: Hashable, Sendable {
    /// Row id.
    public var id: Int64
    /// The event to deliver.
    public var event: CheckoutEvent
    /// Delivery attempts made so far.
    public var attempts: Int
    /// When the next attempt is due.
    public var nextAttemptAt: Date
    /// The last failure, if any.
    public var lastError: String?

    /// An outbox row.
    public init(id: Int64, event: CheckoutEvent, attempts: Int, nextAttemptAt: Date, lastError: String?) {
        self.id = id
        self.event = event
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}
