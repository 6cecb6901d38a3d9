extension Checkout {
    /// The unified status of a checkout attempt (DESIGN.md, Unified status).
    ///
    /// The lifecycle is `created → pending → authorized → paid → partially_refunded → refunded`,
    /// plus the terminal outcomes `failed`, `canceled` and `expired`. Which moves are allowed is
    /// the table in `Checkout+StateMachine.swift`; `needs_sync` is not a status but a flag on the
    /// checkout (see `Checkout.needsSync`).
    public enum Status: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// Stored, the provider has not been asked yet (or has not answered).
        case created
        /// The provider knows the payment; the customer has not finished, or the provider is deciding.
        case pending
        /// Funds are reserved, not yet captured.
        case authorized
        /// Captured / accepted: the merchant will be paid.
        case paid
        /// Part of the paid amount went back to the customer; more refunds may follow.
        case partiallyRefunded = "partially_refunded"
        /// Everything went back to the customer. Terminal.
        case refunded
        /// Declined, rejected or errored at the provider. Terminal.
        case failed
        /// Canceled by the customer or the merchant, or voided before settlement. Terminal.
        case canceled
        /// Not final before the reconciler's deadline. Terminal.
        case expired

        /// The position along the lifecycle: 0 created … 5 refunded. The terminal outcomes share
        /// the highest rank, since nothing follows them.
        public var rank: Int {
            switch self {
            case .created: 0
            case .pending: 1
            case .authorized: 2
            case .paid: 3
            case .partiallyRefunded: 4
            case .refunded, .failed, .canceled, .expired: 5
            }
        }

        /// True for the states nothing can leave: refunded, failed, canceled, expired.
        public var isTerminal: Bool {
            switch self {
            case .refunded, .failed, .canceled, .expired: true
            case .created, .pending, .authorized, .paid, .partiallyRefunded: false
            }
        }

        /// True once money was captured (paid, or paid and then partly or fully refunded): an
        /// order with such an attempt refuses new attempts.
        public var hasBeenPaid: Bool {
            switch self {
            case .paid, .partiallyRefunded, .refunded: true
            case .created, .pending, .authorized, .failed, .canceled, .expired: false
            }
        }

        /// The API spelling, e.g. `partially_refunded`.
        public var description: String { rawValue }
    }
}
