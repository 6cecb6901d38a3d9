extension SmartTransaction {
    /// The Smart Transaction status lifecycle and the amounts of its payment transaction, as a
    /// pure state machine: fed the checkout's and the API's events, it answers what changed or
    /// why the operation is refused. No clock, no I/O.
    ///
    /// Statuses from PROVIDERS.md A ("Smart Transaction status values"):
    /// `created → approved → ok | received` (capture by `/start`), `created → ok | received`
    /// when `auto_capture` is true ("approved … skipped when auto_capture is true"),
    /// `created → failed` on a declined authorisation or an aborted order.
    /// `processing` (secucard `/preTransaction`), `pending` (prepaid), `shipped`, `collection`
    /// and `collected` (`/setDelivery`) are named but not reached by this simulator.
    struct StateMachine: Sendable, Equatable {
        /// The Smart Transaction's `status` field.
        enum Status: String, Sendable, CaseIterable {
            case created, processing, approved, pending, ok, received, shipped, collection, collected, failed
        }

        /// The payment transaction's simple status (PROVIDERS.md A, `/checkStatus` `status_simple`).
        enum PaymentStatus: Int, Sendable {
            case authorized = 2, denied = 3, void = 5, refund = 7, paid = 9

            /// The documented `status_simple_text`.
            var text: String {
                switch self {
                case .authorized: "authorised"
                case .denied: "denied"
                case .void: "void"
                case .refund: "refund"
                case .paid: "paid"
                }
            }
        }

        /// What the shell has to do after a transition.
        enum Action: Equatable, Sendable {
            /// Nothing changed: no update, no push.
            case none
            /// The payment transaction was created (checkout finished): create `PCI_…`, push.
            case createPaymentAndNotify
            /// The payment transaction changed: push.
            case notify
        }

        /// Why an operation is not allowed now; answered as a 4xx with the documented error body.
        struct Refusal: Error, Equatable {
            /// Safe to show to the API client.
            let message: String
        }

        private enum State: Equatable {
            case created
            /// Authorised, not captured; `isLowered` once the amount was reduced (allowed once).
            case approved(amount: Int, isLowered: Bool)
            /// Captured: `status` is ok (intent sale) or received (intent order).
            case captured(status: Status, amount: Int, refunded: Int)
            /// Failed: declined at checkout, aborted, or an authorisation voided.
            case failed(payment: PaymentStatus?)
        }

        private var state: State = .created
        private let amount: Int
        private let intent: String

        /// A new Smart Transaction over `amount` (minor units) with `intent` sale or order.
        init(amount: Int, intent: String) {
            self.amount = amount
            self.intent = intent
        }

        /// The Smart Transaction's status.
        var status: Status {
            switch state {
            case .created: .created
            case .approved: .approved
            case .captured(let status, _, _): status
            case .failed: .failed
            }
        }

        /// The payment transaction's simple status; nil before the checkout finished.
        var paymentStatus: PaymentStatus? {
            switch state {
            case .created: nil
            case .approved: .authorized
            case .captured(_, let amount, let refunded): refunded == amount ? .refund : .paid
            case .failed(let payment): payment
            }
        }

        /// The amount still authorised or captured and not refunded.
        var remainingAmount: Int {
            switch state {
            case .created: amount
            case .approved(let amount, _): amount
            case .captured(_, let amount, let refunded): amount - refunded
            case .failed: 0
            }
        }

        /// The amount refunded after capture.
        var refundedAmount: Int {
            if case .captured(_, _, let refunded) = state { return refunded }
            return 0
        }

        private var capturedStatus: Status { intent == "order" ? .received : .ok }

        /// The buyer finished Smart Checkout: authorised (`isApproved`) or declined.
        mutating func checkoutFinished(isApproved: Bool, autoCapture: Bool) throws(Refusal) -> Action {
            guard case .created = state else { throw Refusal(message: "the Smart Transaction is \(status.rawValue), not created") }
            if !isApproved {
                state = .failed(payment: .denied)
            } else if autoCapture {
                // PROVIDERS.md A: "approved … Skipped when auto_capture is true".
                state = .captured(status: capturedStatus, amount: amount, refunded: 0)
            } else {
                state = .approved(amount: amount, isLowered: false)
            }
            return .createPaymentAndNotify
        }

        /// The buyer left Smart Checkout without paying: nothing changes, the link stays usable.
        func checkoutAbandoned() throws(Refusal) -> Action {
            guard case .created = state else { throw Refusal(message: "the Smart Transaction is \(status.rawValue), not created") }
            return .none
        }

        /// `POST /Smart/Transactions/{id}/start`: capture an approved transaction.
        mutating func capture() throws(Refusal) -> Action {
            guard case .approved(let amount, _) = state else {
                throw Refusal(message: "only an approved Smart Transaction can be started; this one is \(status.rawValue)")
            }
            state = .captured(status: capturedStatus, amount: amount, refunded: 0)
            return .notify
        }

        /// `POST /Smart/Transactions/{id}/abort`: abort the order before capture.
        mutating func abortOrder() throws(Refusal) -> Action {
            switch state {
            case .created:
                state = .failed(payment: nil)
                return .none
            case .approved:
                state = .failed(payment: .void)
                return .notify
            case .captured, .failed:
                throw Refusal(message: "a \(status.rawValue) Smart Transaction cannot be aborted; cancel its payment transaction instead")
            }
        }

        /// `POST /Payment/Transactions/{id}/cancel`: reduce by `reduction`, or everything when nil.
        /// Before capture it lowers or voids the authorisation (lowering once only: PROVIDERS.md
        /// A, "can be lowered only once"); after capture it refunds.
        mutating func cancel(reducingBy reduction: Int?) throws(Refusal) -> Action {
            if let reduction, reduction <= 0 { throw Refusal(message: "reduce_amount_by must be positive") }
            switch state {
            case .approved(let authorized, let isLowered):
                let cut = reduction ?? authorized
                guard cut <= authorized else { throw Refusal(message: "reduce_amount_by \(cut) exceeds the authorised amount \(authorized)") }
                if cut == authorized {
                    state = .failed(payment: .void)
                } else {
                    guard !isLowered else { throw Refusal(message: "an authorisation can be lowered only once") }
                    state = .approved(amount: authorized - cut, isLowered: true)
                }
                return .notify
            case .captured(let status, let captured, let refunded):
                let remaining = captured - refunded
                guard remaining > 0 else { throw Refusal(message: "the payment transaction is already fully refunded") }
                let cut = reduction ?? remaining
                guard cut <= remaining else { throw Refusal(message: "reduce_amount_by \(cut) exceeds the remaining amount \(remaining)") }
                state = .captured(status: status, amount: captured, refunded: refunded + cut)
                return .notify
            case .created, .failed:
                throw Refusal(message: "a \(status.rawValue) transaction has no payment to cancel")
            }
        }
    }
}
