import FoundationEssentials

/// One simulated Smart Transaction (`STX_…`) with its payment transaction (`PCI_…`) once the
/// buyer finished Smart Checkout.
struct SmartTransaction: Sendable {
    /// The payment transaction created when the checkout finished (seed 002, "transactions").
    struct Payment: Sendable {
        let id: String
        /// secupay's numeric transaction id (seed 002: `"trans_id": 110099700`).
        let transID: Int
        /// Seed 002: `"transaction_hash": "ebbtpsnzmrnd11060206"`.
        let hash: String
        let created: Date
        var updated: Date
    }

    let id: String
    let customerID: String
    let created: Date
    var updated: Date?
    let draft: SmartTransactionDraft
    var machine: StateMachine
    /// The method the buyer paid with on the hosted page.
    var paymentMethod: String?
    var payment: Payment?
    /// The last push sent for the payment transaction (replayed by `out-of-order-push`).
    var lastPush: PushEvent?

    /// A new transaction in status `created`.
    init(id: String, customerID: String, created: Date, draft: SmartTransactionDraft) {
        self.id = id
        self.customerID = customerID
        self.created = created
        self.draft = draft
        self.machine = StateMachine(amount: draft.sum, intent: draft.intent)
    }

    /// Feeds `event` to the state machine; a refusal becomes the API's 409 error.
    mutating func transition(_ event: (inout StateMachine) throws(StateMachine.Refusal) -> StateMachine.Action)
        throws(SecuconnectError) -> StateMachine.Action {
        do throws(StateMachine.Refusal) {
            return try event(&machine)
        } catch {
            throw .notAllowedNow(error.message)
        }
    }
}
