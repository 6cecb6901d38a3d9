extension CustomerApplication {
    /// A customer application's status lifecycle as a pure state machine (no clock, no I/O):
    /// fed what the buyer does on the journey pages, what the merchant does in the portal and
    /// each read of the API, it answers what the buyer sees next or why the step is refused.
    ///
    /// Seed 000, "The SmartCredit journey": the application starts INITIALIZED; the buyer
    /// submits the form (step 5); on the credit journey the buyer then goes to the KYC partner
    /// (step 6); the demand ends ACCEPTED, PRE-ACCEPTED (waiting for KYC or back-office
    /// analysis), KYC-SUCCESSFUL ("normally temporary and automatically passed to ACCEPTED"),
    /// REJECTED or ABORTED (step 8); CANCELLED and REIMBURSED come from the merchant portal
    /// (step 9, PROVIDERS.md C). Statuses that change by themselves show one per read
    /// (`readsPerStep` reads each): "PRE-ACCEPTED, then KYC SUCCESSFUL, then ACCEPTED on later
    /// polls" (issue 17).
    struct StateMachine: Sendable, Equatable {
        /// The API's `status` values (the spec's enum, and the portal's two).
        enum Status: Sendable, Equatable, CaseIterable {
            case initialized, preAccepted, kycSuccessful, accepted, rejected, aborted, cancelled, reimbursed

            /// The wire value; `kycSuccessful` as configured (`KYC SUCCESSFUL` or `KYC-SUCCESSFUL`).
            func text(kycSuccessful: String) -> String {
                switch self {
                case .initialized: "INITIALIZED"
                case .preAccepted: "PRE-ACCEPTED"
                case .kycSuccessful: kycSuccessful
                case .accepted: "ACCEPTED"
                case .rejected: "REJECTED"
                case .aborted: "ABORTED"
                case .cancelled: "CANCELLED"
                case .reimbursed: "REIMBURSED"
                }
            }
        }

        /// What the buyer asks for on the application form: the sandbox's way of choosing
        /// the bank's decision (the test outcomes of DESIGN.md).
        enum Decision: String, Sendable, CaseIterable {
            /// Accepted (after the KYC step on the credit journey).
            case accept
            /// PRE-ACCEPTED first; KYC SUCCESSFUL (credit journey) and ACCEPTED on later reads.
            case preAcceptThenAccept = "pre_accept_then_accept"
            /// PRE-ACCEPTED for good: back-office analysis, released by hand in the portal.
            case preAccept = "pre_accept"
            /// REJECTED: the buyer goes back to choose another payment method.
            case reject
            /// ABORTED: the buyer abandons the journey.
            case abort
        }

        /// Where the buyer goes after a step.
        enum Next: Equatable, Sendable {
            /// To the KYC partner (credit journey).
            case kyc
            /// Back to the merchant's `normalReturnUrl`.
            case merchant
        }

        /// What the merchant does in the portal (seed 000 step 9, step 8's "manual procedure").
        enum PortalAction: String, Sendable, CaseIterable {
            /// Releases a PRE-ACCEPTED demand after the back-office analysis: ACCEPTED.
            case release
            /// Cancels a demand that is not finished or is accepted: CANCELLED.
            case cancel
            /// Reimburses an accepted demand: REIMBURSED.
            case reimburse
        }

        /// Why a step is not possible now; `message` is safe to show.
        struct Refusal: Error, Equatable {
            let message: String
        }

        private enum State: Equatable {
            /// INITIALIZED: the buyer has not submitted the form yet.
            case formOpen
            /// PRE-ACCEPTED: the buyer is at the KYC partner; `decision` says what follows.
            case awaitingKYC(Decision)
            /// Decided: `status` shows now, `later` one after another as reads see them.
            case decided(status: Status, later: [Status], reads: Int)
        }

        private var state: State = .formOpen
        private let isCreditJourney: Bool
        private let readsPerStep: Int

        /// A new INITIALIZED application on the credit (with KYC) or the split journey.
        init(isCreditJourney: Bool, readsPerStep: Int) {
            self.isCreditJourney = isCreditJourney
            self.readsPerStep = max(1, readsPerStep)
        }

        /// The status a read would see now.
        var status: Status {
            switch state {
            case .formOpen: .initialized
            case .awaitingKYC: .preAccepted
            case .decided(let status, _, _): status
            }
        }

        /// True while the buyer can still act (form or KYC step).
        var isJourneyOpen: Bool {
            switch state {
            case .formOpen, .awaitingKYC: true
            case .decided: false
            }
        }

        /// True while the buyer is at the KYC step.
        var isAtKYC: Bool {
            if case .awaitingKYC = state { return true }
            return false
        }

        /// The buyer submits the form with `decision` (or abandons it with `abort`).
        mutating func submitForm(_ decision: Decision) throws(Refusal) -> Next {
            guard state == .formOpen else { throw Refusal(message: "The application form was submitted already.") }
            // The credit journey's KYC step comes before a (pre-)acceptance becomes final.
            if isCreditJourney && (decision == .accept || decision == .preAcceptThenAccept) {
                state = .awaitingKYC(decision)
                return .kyc
            }
            switch decision {
            case .accept: decide(.accepted)
            case .preAcceptThenAccept: decide(.preAccepted, later: [.accepted])
            case .preAccept: decide(.preAccepted)
            case .reject: decide(.rejected)
            case .abort: decide(.aborted)
            }
            return .merchant
        }

        /// The buyer finishes the KYC step: identified and signed, or abandoned (ABORTED,
        /// "time-out or any other problems").
        mutating func finishKYC(isIdentified: Bool) throws(Refusal) -> Next {
            guard case .awaitingKYC(let decision) = state else { throw Refusal(message: "There is no KYC step to finish.") }
            switch (isIdentified, decision) {
            case (false, _): decide(.aborted)
            case (true, .preAcceptThenAccept): decide(.preAccepted, later: [.kycSuccessful, .accepted])
            case (true, _): decide(.accepted)
            }
            return .merchant
        }

        /// The buyer never finished the journey in time: an open journey ends ABORTED
        /// (seed 000: "time-out or any other problems"); a decided one is left as it is.
        mutating func abandon() {
            if isJourneyOpen { decide(.aborted) }
        }

        /// A read by the API: answers the status it sees, then moves on to the next one when
        /// this status has been seen `readsPerStep` times.
        mutating func read() -> Status {
            guard case .decided(let status, var later, let reads) = state else { return status }
            guard !later.isEmpty else { return status }
            if reads + 1 >= readsPerStep {
                state = .decided(status: later.removeFirst(), later: later, reads: 0)
            } else {
                state = .decided(status: status, later: later, reads: reads + 1)
            }
            return status
        }

        /// The merchant's `action` in the portal; what was to follow by itself is dropped.
        mutating func portal(_ action: PortalAction) throws(Refusal) {
            let current = status
            switch (action, current) {
            case (.release, .preAccepted) where !isAtKYC: decide(.accepted)
            case (.cancel, .initialized), (.cancel, .preAccepted), (.cancel, .kycSuccessful), (.cancel, .accepted):
                decide(.cancelled)
            case (.reimburse, .accepted): decide(.reimbursed)
            default:
                throw Refusal(message: "Not possible for an application in status \(current.text(kycSuccessful: "KYC SUCCESSFUL")).")
            }
        }

        private mutating func decide(_ status: Status, later: [Status] = []) {
            state = .decided(status: status, later: later, reads: 0)
        }
    }
}
