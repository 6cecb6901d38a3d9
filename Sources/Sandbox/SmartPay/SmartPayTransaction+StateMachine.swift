extension SmartPayTransaction {
    /// A SmartPay checkout transaction's `paymentStatus` lifecycle and its amounts, as a pure
    /// state machine: fed the widget's and the API's events, it answers what changed or why the
    /// operation is refused. No clock, no I/O.
    ///
    /// Statuses (PROVIDERS.md B, "paymentStatus values found", seed 001):
    /// `CREATED → AUTORIZATION_INITIALIZED` (the widget started) `→ AUTHORIZATION_COMPLETED`
    /// (authorised, capture later) or `CAPTURED` (auto-capture) or `AUTHORIZATION_PENDING`
    /// (resolved later to `CAPTURED`, or never); `AUTHORIZATION_COMPLETED → CAPTURED` by
    /// `/payment/capture` (through `CAPTURE_PENDING` when configured), `→ CANCELLED` by
    /// `/payment/cancel`; `CAPTURED → SETTLED`. Refunds
    /// and chargebacks are modifications: the status stays `CAPTURED` (PROVIDERS.md B: "In the
    /// Refund example response, paymentStatus stays CAPTURED").
    /// A declined payment is `AUTHORIZATION_FAILED`: the docs found do not name the failure
    /// status (PROVIDERS.md B, "Not known"), so this value is the simulator's GUESS.
    struct StateMachine: Sendable, Equatable {
        /// The `paymentStatus` field.
        enum Status: String, Sendable, CaseIterable {
            case created = "CREATED"
            /// Spelled exactly this way in the docs (PROVIDERS.md B).
            case authorizationInitialized = "AUTORIZATION_INITIALIZED"
            case authorizationPending = "AUTHORIZATION_PENDING"
            case authorizationCompleted = "AUTHORIZATION_COMPLETED"
            /// The simulator's GUESS for a declined payment (see the type's comment).
            case authorizationFailed = "AUTHORIZATION_FAILED"
            case capturePending = "CAPTURE_PENDING"
            case captured = "CAPTURED"
            case settled = "SETTLED"
            case cancelled = "CANCELLED"

            /// Whether SmartPay calls the webhook on reaching this status (PROVIDERS.md B:
            /// AUTHORIZATION_COMPLETED, CAPTURED, SETTLED; CREATED "no webhook"). CANCELLED and
            /// the failure are final changes a merchant must learn, so they are sent too (GUESS).
            var isNotified: Bool {
                switch self {
                case .authorizationCompleted, .captured, .settled, .cancelled, .authorizationFailed: true
                case .created, .authorizationInitialized, .authorizationPending, .capturePending: false
                }
            }
        }

        /// What the buyer's payment in the widget ends in.
        enum WidgetOutcome: String, Sendable, CaseIterable {
            /// Authorised, captured later by `/payment/capture` (auto-capture off).
            case authorize
            /// Captured at once (auto-capture on).
            case capture
            /// Declined by the acquirer.
            case decline
            /// `AUTHORIZATION_PENDING`, resolved to `CAPTURED` after some status reads.
            case pendingThenCapture = "pending_then_capture"
            /// `AUTHORIZATION_PENDING` for good.
            case pendingForever = "pending_forever"
        }

        /// The kinds of modification (PROVIDERS.md B: `modificationData.type`).
        enum ModificationKind: String, Sendable, CaseIterable {
            case capture = "CAPTURE"
            case cancellation = "CANCELLATION"
            case chargeback = "CHARGEBACK"
            case settlement = "SETTLEMENT"
            case refund = "REFUND"
        }

        /// What the shell has to do after a transition.
        enum Action: Equatable, Sendable {
            /// Nothing changed.
            case none
            /// The status changed: record the time; a webhook when the new status is notified.
            case statusChanged
            /// A modification of `amount` happened (the status may have changed with it): record
            /// it and send its webhook.
            case modified(ModificationKind, amount: Int64)
        }

        /// Why an operation is not allowed now; answered 409 with the error body.
        struct Refusal: Error, Equatable {
            /// Safe to show to the API client.
            let message: String
        }

        private enum State: Equatable {
            /// `isStarted` once the widget opened (`AUTORIZATION_INITIALIZED`).
            case created(isStarted: Bool)
            /// `readsLeft` status reads still see it pending; nil: pending forever.
            case pending(readsLeft: Int?)
            case authorized(amount: Int64)
            /// A capture of `amount` not yet confirmed; `readsLeft` status reads still see it.
            case capturePending(amount: Int64, readsLeft: Int)
            case declined
            case captured(amount: Int64, refunded: Int64, isSettled: Bool)
            case cancelled
        }

        private var state: State = .created(isStarted: false)
        /// The amount of the checkout, in minor units.
        let amount: Int64

        /// A new transaction over `amount` (minor units), `CREATED`.
        init(amount: Int64) {
            self.amount = amount
        }

        /// A transaction captured in full, as seed 001's Get Payment Status example.
        static func captured(amount: Int64) -> StateMachine {
            var machine = StateMachine(amount: amount)
            machine.state = .captured(amount: amount, refunded: 0, isSettled: false)
            return machine
        }

        /// The `paymentStatus`.
        var status: Status {
            switch state {
            case .created(let isStarted): isStarted ? .authorizationInitialized : .created
            case .pending: .authorizationPending
            case .authorized: .authorizationCompleted
            case .capturePending: .capturePending
            case .declined: .authorizationFailed
            case .captured(_, _, let isSettled): isSettled ? .settled : .captured
            case .cancelled: .cancelled
            }
        }

        /// Captured minus refunded; 0 before capture.
        var refundableAmount: Int64 {
            if case .captured(let amount, let refunded, _) = state { return amount - refunded }
            return 0
        }

        /// The buyer opened the widget with the checkout token.
        mutating func widgetStarted() throws(Refusal) -> Action {
            guard case .created(let isStarted) = state else { throw Refusal(message: "the transaction is \(status.rawValue): it cannot be paid again") }
            guard !isStarted else { return .none }
            state = .created(isStarted: true)
            return .statusChanged
        }

        /// The buyer submitted the widget's form and the payment ended in `outcome`;
        /// `pendingReads` is how many status reads see `pending_then_capture` still pending.
        mutating func widgetSubmitted(_ outcome: WidgetOutcome, pendingReads: Int) throws(Refusal) -> Action {
            guard case .created = state else { throw Refusal(message: "the transaction is \(status.rawValue): it cannot be paid again") }
            switch outcome {
            case .authorize: state = .authorized(amount: amount)
            case .capture: state = .captured(amount: amount, refunded: 0, isSettled: false)
            case .decline: state = .declined
            case .pendingThenCapture: state = .pending(readsLeft: max(0, pendingReads))
            case .pendingForever: state = .pending(readsLeft: nil)
            }
            return .statusChanged
        }

        /// `GET /payment/status`: a pending payment with no reads left resolves to `CAPTURED`
        /// (seed 001: "SmartPay automatically attempts to retrieve the final confirmation").
        /// A `CAPTURE_PENDING` capture likewise resolves to `CAPTURED`.
        mutating func statusRead() -> Action {
            switch state {
            case .pending(let readsLeft?):
                if readsLeft == 0 {
                    state = .captured(amount: amount, refunded: 0, isSettled: false)
                    return .statusChanged
                }
                state = .pending(readsLeft: readsLeft - 1)
            case .capturePending(let captured, let readsLeft):
                if readsLeft == 0 {
                    state = .captured(amount: captured, refunded: 0, isSettled: false)
                    return .statusChanged
                }
                state = .capturePending(amount: captured, readsLeft: readsLeft - 1)
            case .created, .pending(nil), .authorized, .declined, .captured, .cancelled:
                break
            }
            return .none
        }

        /// `/payment/capture`: all of the authorisation (`requested` nil) or part of it; the
        /// rest is released (one capture per authorisation). With `pendingReads` > 0 the capture
        /// is `CAPTURE_PENDING` for that many status reads first ("requested for capture was
        /// received, but not yet confirmed by the payment provider", PROVIDERS.md B).
        mutating func capture(_ requested: Int64?, pendingReads: Int = 0) throws(Refusal) -> Action {
            guard case .authorized(let authorized) = state else {
                throw Refusal(message: "only an AUTHORIZATION_COMPLETED transaction can be captured; this one is \(status.rawValue)")
            }
            let amount = requested ?? authorized
            guard amount <= authorized else { throw Refusal(message: "modifiedAmount \(amount) exceeds the authorised amount \(authorized) (minor units)") }
            state = pendingReads > 0 ? .capturePending(amount: amount, readsLeft: pendingReads)
                                     : .captured(amount: amount, refunded: 0, isSettled: false)
            return .modified(.capture, amount: amount)
        }

        /// `/payment/cancel`: releases the authorisation (or drops a payment not yet made).
        mutating func cancel() throws(Refusal) -> Action {
            switch state {
            case .authorized(let authorized):
                state = .cancelled
                return .modified(.cancellation, amount: authorized)
            case .created:
                state = .cancelled
                return .modified(.cancellation, amount: amount)
            case .pending, .capturePending, .declined, .captured, .cancelled:
                throw Refusal(message: "a \(status.rawValue) transaction cannot be cancelled" + (refundableAmount > 0 ? "; refund it instead" : ""))
            }
        }

        /// `/payment/refund`: all that is left (`requested` nil) or part of it.
        mutating func refund(_ requested: Int64?) throws(Refusal) -> Action {
            guard case .captured(let captured, let refunded, let isSettled) = state else {
                throw Refusal(message: "only a CAPTURED or SETTLED transaction can be refunded; this one is \(status.rawValue)")
            }
            let remaining = captured - refunded
            guard remaining > 0 else { throw Refusal(message: "the transaction is refunded in full already") }
            let amount = requested ?? remaining
            guard amount <= remaining else { throw Refusal(message: "modifiedAmount \(amount) exceeds the refundable amount \(remaining) (minor units)") }
            state = .captured(amount: captured, refunded: refunded + amount, isSettled: isSettled)
            return .modified(.refund, amount: amount)
        }

        /// `/payment/cancelOrRefund`: a cancel before capture, a refund of the rest after.
        mutating func cancelOrRefund() throws(Refusal) -> Action {
            switch state {
            case .created, .authorized: try cancel()
            case .captured: try refund(nil)
            case .pending, .capturePending, .declined, .cancelled:
                throw Refusal(message: "a \(status.rawValue) transaction can be neither cancelled nor refunded")
            }
        }

        /// The funds reached the merchant's account (`SETTLED`).
        mutating func settle() throws(Refusal) -> Action {
            guard case .captured(let captured, let refunded, false) = state else {
                throw Refusal(message: "only a CAPTURED transaction can be settled; this one is \(status.rawValue)")
            }
            state = .captured(amount: captured, refunded: refunded, isSettled: true)
            return .modified(.settlement, amount: captured)
        }

        /// The buyer's bank disputed `requested` (nil: all that is not refunded). A modification
        /// only: the status is unchanged.
        func chargeback(_ requested: Int64?) throws(Refusal) -> Action {
            let remaining = refundableAmount
            guard remaining > 0 else { throw Refusal(message: "a \(status.rawValue) transaction has nothing to charge back") }
            let amount = requested ?? remaining
            guard amount > 0, amount <= remaining else { throw Refusal(message: "the chargeback amount must be 1…\(remaining) (minor units)") }
            return .modified(.chargeback, amount: amount)
        }
    }
}
