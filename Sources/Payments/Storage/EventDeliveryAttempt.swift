import FoundationEssentials

/// One POST of an event to the shop's webhook URL, as `GET /v1/events/{id}/deliveries` shows it.
/// Kept apart from the event: the event says what happened, this says how telling the shop went.
public struct EventDeliveryAttempt: Hashable, Sendable {
    /// When the request was started (the store's clock).
    public var attemptedAt: Date
    /// The shop's HTTP status; nil when no answer came (refused, timed out).
    public var httpStatus: Int?
    /// How long the attempt took, in milliseconds.
    public var durationMilliseconds: Int
    /// Why it did not count as delivered; nil for a 2xx.
    public var error: String?

    /// An attempt with every field given.
    public init(attemptedAt: Date, httpStatus: Int?, durationMilliseconds: Int, error: String?) {
        self.attemptedAt = attemptedAt
        self.httpStatus = httpStatus
        self.durationMilliseconds = durationMilliseconds
        self.error = error
    }
}

/// What becomes of an outbox row after an attempt.
public enum EventDeliveryOutcome: Hashable, Sendable {
    /// A 2xx: done.
    case delivered
    /// Not delivered; try again at this time.
    case retry(at: Date)
    /// Not delivered and the schedule is exhausted: the event is dead until redelivered.
    case dead
}
