/// The result of applying a `StatusUpdate` to a stored checkout.
public struct TransitionOutcome: Hashable, Sendable {
    /// Whether the update changed the checkout.
    public enum Disposition: Hashable, Sendable {
        /// Applied; the event is in the shop's event log and the outbox.
        case applied
        /// Refused (backwards, terminal, duplicate, contradiction); recorded, nothing changed.
        case ignored(Checkout.StateMachine.IgnoreReason)
        /// Amount, currency or refund total contradicts the checkout; recorded, nothing changed.
        case integrityViolation(Checkout.StateMachine.IntegrityProblem)
    }

    /// What happened.
    public var disposition: Disposition
    /// The checkout after the update (unchanged unless applied, except `needsSync`).
    public var checkout: Checkout
    /// The event row written for the update.
    public var event: CheckoutEvent

    /// An outcome.
    public init(disposition: Disposition, checkout: Checkout, event: CheckoutEvent) {
        self.disposition = disposition
        self.checkout = checkout
        self.event = event
    }

    /// True when the update changed the checkout's status or refund total.
    public var isApplied: Bool { disposition == .applied }
}
