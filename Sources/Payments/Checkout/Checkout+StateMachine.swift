extension Checkout {
    /// The status transitions of one checkout: a pure state machine, fed provider updates,
    /// answering what to do with each. The store runs it inside the write transaction, on the
    /// state it has just re-read, and carries out the action.
    ///
    /// "Only forward" (DESIGN.md) is read as: a move is allowed when it goes further along the
    /// lifecycle `created → pending → authorized → paid → partially_refunded → refunded`, or
    /// reaches one of the terminal outcomes that can still follow from where the checkout is:
    ///
    /// - `failed` and `expired` follow any state before `paid`. After money was captured the
    ///   payment cannot fail or expire any more, so a late `failed` is a contradiction, refused.
    /// - `canceled` follows any state up to and including `paid`: authorized → canceled is a
    ///   void of the reservation, paid → canceled a void before settlement (secuconnect
    ///   `void`). After a refund the way out is `refunded`, not `canceled`.
    /// - `refunded` and `partially_refunded` follow any non-terminal state before them: a poll
    ///   may be the first to learn that a payment was captured and refunded since.
    /// - `partially_refunded → partially_refunded` is allowed when the refunded total grows
    ///   (another partial refund); with the same total it is a duplicate.
    ///
    /// Refused: anything out of a terminal state (`refunded`, `failed`, `canceled`, `expired`),
    /// any move to a lower rank (`paid → pending`), the same status again, and the
    /// contradictions above. A refused update changes nothing and is recorded as ignored.
    /// An update whose amount or currency differs from the checkout's, or whose refund total is
    /// impossible, is an integrity event: also never applied, so it can never mark a checkout paid.
    public struct StateMachine: Sendable {
        /// What to do with an update.
        public enum Action: Hashable, Sendable {
            /// Apply: the checkout moves to `status` with `refundedMinorUnits` refunded.
            case apply(status: Status, refundedMinorUnits: Int64)
            /// Change nothing; record the update as ignored.
            case ignore(IgnoreReason)
            /// Change nothing; record an integrity event.
            case reportIntegrity(IntegrityProblem)
        }

        /// Why an update was refused.
        public enum IgnoreReason: String, Hashable, Sendable {
            /// The checkout is already in that status (a duplicated or late notification).
            case duplicate
            /// The status is earlier in the lifecycle than the current one.
            case backwards
            /// The checkout is in a terminal status; nothing leaves it.
            case terminal
            /// The status cannot follow the current one (e.g. `paid → failed`).
            case contradicts
        }

        /// Why an update's figures cannot be believed.
        public enum IntegrityProblem: Hashable, Sendable {
            /// The provider reports a different amount or currency than the checkout's.
            case amountMismatch(reported: Money)
            /// The refunded total is in another currency, exceeds the amount, or does not fit
            /// the status (a partial refund of everything).
            case refundMismatch(reported: Money)

            /// A one-line description for the event's `detail`.
            public var detail: String {
                switch self {
                case .amountMismatch(let reported): "amount_mismatch: provider reported \(reported)"
                case .refundMismatch(let reported): "refund_mismatch: provider reported \(reported) refunded"
                }
            }
        }

        // Where the checkout is: a terminal status carries nothing else, an open one carries the
        // refunded total that a further partial refund must exceed.
        private enum State: Sendable {
            case open(Status, refundedMinorUnits: Int64)
            case closed(Status)
        }

        // The transition table. Same-status entries other than the partial refund are absent on
        // purpose: they are duplicates.
        private static let allowed: [Status: Set<Status>] = [
            .created: [.pending, .authorized, .paid, .partiallyRefunded, .refunded, .failed, .canceled, .expired],
            .pending: [.authorized, .paid, .partiallyRefunded, .refunded, .failed, .canceled, .expired],
            .authorized: [.paid, .partiallyRefunded, .refunded, .failed, .canceled, .expired],
            .paid: [.partiallyRefunded, .refunded, .canceled],
            .partiallyRefunded: [.partiallyRefunded, .refunded],
            .refunded: [], .failed: [], .canceled: [], .expired: [],
        ]

        private var state: State
        private let amount: Money

        /// A machine for a checkout of `amount` currently in `status` with `refundedMinorUnits` refunded.
        public init(status: Status, amount: Money, refundedMinorUnits: Int64 = 0) {
            self.amount = amount
            self.state = status.isTerminal ? .closed(status) : .open(status, refundedMinorUnits: refundedMinorUnits)
        }

        /// A machine for the checkout's current state.
        public init(checkout: Checkout) {
            self.init(status: checkout.status, amount: checkout.amount, refundedMinorUnits: checkout.refundedMinorUnits)
        }

        /// The current status.
        public var status: Status {
            switch state {
            case .open(let status, _), .closed(let status): status
            }
        }

        /// True when `from → to` is in the transition table (ignoring amounts).
        public static func allows(from: Status, to: Status) -> Bool {
            allowed[from, default: []].contains(to)
        }

        /// Decides what `update` does and, when it is applied, moves to the new state.
        public mutating func receive(_ update: StatusUpdate) -> Action {
            if let reported = update.amount, reported != amount {
                return .reportIntegrity(.amountMismatch(reported: reported))
            }
            switch state {
            case .closed(let current):
                return .ignore(update.status == current ? .duplicate : .terminal)
            case .open(let current, let refunded):
                // Without a reported total a full refund is the whole amount, and a partial one keeps
                // the known total (some providers report refunds only as a status).
                var newRefunded = update.status == .refunded ? amount.minorUnits : refunded
                if let reported = update.refundedAmount {
                    guard let total = refundedTotal(reported: reported, status: update.status, current: refunded) else {
                        return .reportIntegrity(.refundMismatch(reported: reported))
                    }
                    newRefunded = total
                }
                if update.status == current && current != .partiallyRefunded {
                    return .ignore(.duplicate)
                }
                if current == .partiallyRefunded && update.status == .partiallyRefunded && newRefunded <= refunded {
                    return .ignore(.duplicate)
                }
                guard Self.allows(from: current, to: update.status) else {
                    return .ignore(update.status.rank < current.rank ? .backwards : .contradicts)
                }
                let next = update.status
                state = next.isTerminal ? .closed(next) : .open(next, refundedMinorUnits: newRefunded)
                return .apply(status: next, refundedMinorUnits: newRefunded)
            }
        }

        // The refunded total after an update that reports `reported`, or nil when that total is impossible.
        private func refundedTotal(reported: Money, status: Status, current: Int64) -> Int64? {
            guard reported.currency == amount.currency,
                  reported.minorUnits >= 0, reported.minorUnits <= amount.minorUnits else { return nil }
            switch status {
            case .refunded:
                return reported.minorUnits == amount.minorUnits ? amount.minorUnits : nil
            case .partiallyRefunded:
                return reported.minorUnits > 0 && reported.minorUnits < amount.minorUnits ? reported.minorUnits : nil
            case .created, .pending, .authorized, .paid, .failed, .canceled, .expired:
                // A refund total beside a status without refunds is noise only if it is zero.
                return reported.minorUnits == 0 ? current : nil
            }
        }
    }
}
