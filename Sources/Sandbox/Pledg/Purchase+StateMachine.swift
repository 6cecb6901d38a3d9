extension Purchase {
    /// A purchase's life in the funnel and after it. The buyer ends an `open` purchase once
    /// (complete, refuse, not eligible, cancel); a completed one is later released (front and
    /// back modes, seed 003 "Refunds") or credited back by transfer, partially or in full.
    struct StateMachine: Sendable, Equatable {
        enum State: String, Sendable, Equatable {
            /// The funnel is open; the buyer has not finished.
            case open
            /// Paid: the notification of the account's mode was sent.
            case completed
            /// Pledg's PSP refused the customer's card (`payment_refused`).
            case refused
            /// The customer was found not eligible (`not_eligible`).
            case notEligible = "not_eligible"
            /// The customer left the funnel (`onCancel`).
            case canceled
            /// The merchant's PSP refused the virtual card (`bad_gateway`, back mode).
            case failed
            /// Refunded through `/release` before the virtual card was debited.
            case released
            /// Credited back in full through `/credit_by_transfer`.
            case refunded
        }

        /// Why a change is refused: the message the back office answers (409).
        struct Refusal: Error, Equatable {
            let message: String
        }

        private(set) var state = State.open
        /// What `/credit_by_transfer` gave back so far.
        private(set) var creditedCents = 0

        /// The buyer's decision in the funnel.
        mutating func finish(_ outcome: State) throws(Refusal) {
            precondition([.completed, .refused, .notEligible, .canceled, .failed].contains(outcome), "not a funnel outcome")
            guard state == .open else { throw Refusal(message: "The purchase is already \(state.rawValue)") }
            state = outcome
        }

        /// `/release`: only a completed purchase whose virtual card was not debited.
        mutating func release(isCardDebited: Bool) throws(Refusal) {
            guard state == .completed else { throw Refusal(message: "Only a completed purchase can be released; this one is \(state.rawValue)") }
            // Seed 003: once debited, "the merchant must then recredit the virtual card".
            guard !isCardDebited else {
                throw Refusal(message: "The virtual card was already debited: recredit it through your PSP; Pledg refunds the customer about 2 days later")
            }
            state = .released
        }

        /// `/credit_by_transfer`: `amount` more of `total`, never beyond it.
        mutating func credit(_ amount: Int, of total: Int) throws(Refusal) {
            guard state == .completed else { throw Refusal(message: "Only a completed purchase can be credited; this one is \(state.rawValue)") }
            let (sum, overflow) = creditedCents.addingReportingOverflow(amount)
            guard amount > 0, !overflow, sum <= total else {
                throw Refusal(message: "amount_cents must be between 1 and the \(total - creditedCents) not yet credited")
            }
            creditedCents = sum
            if sum == total { state = .refunded }
        }
    }
}
