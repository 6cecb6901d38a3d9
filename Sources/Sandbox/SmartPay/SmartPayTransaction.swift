import FoundationEssentials
import HTTP

/// One simulated SmartPay checkout transaction: what Create Checkout was given, its status
/// machine, its modifications and the answers kept for modification retries.
struct SmartPayTransaction: Sendable {
    /// A capture, cancellation, refund, settlement or chargeback (PROVIDERS.md B,
    /// `modificationData.type`).
    struct Modification: Sendable {
        /// SmartPay's id of the modification (a refund's is the webhook's `objectId`).
        let id: String
        /// The merchant's `modificationId`; nil for the ones SmartPay makes (settlement,
        /// chargeback).
        let modificationID: String?
        let kind: StateMachine.ModificationKind
        let amount: Int64
        let description: String?
        let created: Date
    }

    /// A modification's answer as first given, replayed for the same `modificationId`
    /// (PROVIDERS.md B: "Reusing the same modificationId is treated as a retry, and the
    /// original result is returned").
    struct StoredAnswer: Sendable {
        let status: Int
        let body: [UInt8]
    }

    /// The GUID (`transactionId`).
    let id: String
    /// The widget's token (`checkoutToken`).
    let checkoutToken: String
    let reconciliationReferenceID: String
    let merchantKey: String
    let partnerReference: String?
    let customerAccountID: String?
    let description: String?
    let amount: SmartPayAmount
    let exponent: Int
    let created: Date
    var lastStatusDate: Date
    var machine: StateMachine
    /// How the buyer paid (`CARDS` from the widget's card form).
    var paymentMethod: String?
    var modifications: [Modification] = []
    /// Answers by `modificationId`.
    var answers: [String: StoredAnswer] = [:]
    /// The last webhook sent (replayed by `out-of-order-push`).
    var lastWebhook: SmartPayWebhookEvent?

    /// A new `CREATED` transaction.
    init(id: String, checkoutToken: String, reconciliationReferenceID: String, draft: SmartPayCheckoutDraft, created: Date) {
        self.id = id
        self.checkoutToken = checkoutToken
        self.reconciliationReferenceID = reconciliationReferenceID
        merchantKey = draft.merchantKey
        partnerReference = draft.partnerReference
        customerAccountID = draft.customerAccountID
        description = draft.description
        amount = draft.amount
        exponent = draft.exponent
        self.created = created
        lastStatusDate = created
        machine = StateMachine(amount: draft.amount.minorUnits)
    }

    /// Seed 001's Get Payment Status example: `48c4e923-e88c-464b-a4e7-ccb2c6d3775e`,
    /// `CAPTURED`, 10.99 EUR by `CARDS`, created `2020-12-15T13:49:36.556Z`.
    static func seedExample(merchantKey: String) -> SmartPayTransaction {
        let draft = SmartPayCheckoutDraft(merchantKey: merchantKey, partnerReference: nil, customerAccountID: nil,
                                          description: "Purchase 1x product ABC",
                                          amount: SmartPayAmount(minorUnits: 1099, currency: "EUR"), exponent: 2)
        // 2020-12-15T13:49:36.556Z.
        let created = Date(timeIntervalSince1970: 1_608_040_176.556)
        var transaction = SmartPayTransaction(id: "48c4e923-e88c-464b-a4e7-ccb2c6d3775e",
                                              checkoutToken: SmartPayFormat.checkoutToken(),
                                              reconciliationReferenceID: "zKZhOVjJitCdHdJzicGmI", draft: draft, created: created)
        transaction.machine = .captured(amount: 1099)
        transaction.paymentMethod = "CARDS"
        return transaction
    }

    /// Feeds `event` to the state machine; a refusal becomes the API's 409.
    mutating func transition(_ event: (inout StateMachine) throws(StateMachine.Refusal) -> StateMachine.Action)
        throws(SmartPayError) -> StateMachine.Action {
        do throws(StateMachine.Refusal) {
            return try event(&machine)
        } catch {
            throw .notAllowedNow(error.message)
        }
    }
}
