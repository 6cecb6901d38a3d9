import FoundationEssentials
import HTTP
import JSON

extension SmartPaySimulator {
    /// The modification APIs, `POST {Base}/payment/{operation}` (PROVIDERS.md B, "Modification APIs").
    enum ModificationOperation: String, CaseIterable, Sendable {
        /// All of the authorisation, or `modifiedAmount` of it.
        case capture
        /// Releases an authorised, uncaptured amount.
        case cancel
        /// All that is captured and not refunded, or `modifiedAmount` of it.
        case refund
        /// A full cancel or refund, whichever the status allows.
        case cancelOrRefund

        /// Whether `modifiedAmount` may be sent.
        var acceptsAmount: Bool { self == .capture || self == .refund }
    }

    /// `{transactionId, merchantKey, modificationId (≤ 64), modifiedAmount{amount, currencyCode,
    /// description}?, description?}`: applies the operation and answers the status model. The
    /// same `modificationId` again on the transaction answers the first result, byte for byte,
    /// without applying anything (PROVIDERS.md B).
    func modify(_ request: Request, _ operation: ModificationOperation, faults: SimulatorFaults) throws(SmartPayError) -> Response {
        try requireJSON(request)
        guard case .object(let body)? = try? JSONValue.parse(request.body) else { throw .notJSON }
        let transactionID = try Self.requiredText(body, "transactionId", maxLength: 64)
        try checkMerchant(try Self.requiredText(body, "merchantKey", maxLength: 64))
        let modificationID = try Self.requiredText(body, "modificationId", maxLength: 64)
        let now = configuration.now()
        let limit = configuration.maxModificationsPerTransaction
        let capturePendingReads = configuration.capturePendingReads
        let outcome = try store.update(.transactionID(transactionID)) { (transaction: inout SmartPayTransaction) throws(SmartPayError) in
            if let answer = transaction.answers[modificationID] { return (answer, [SmartPayWebhookEvent]()) }
            let (amount, description) = try Self.modifiedAmount(body, operation, of: transaction)
            guard transaction.modifications.count < limit, transaction.answers.count < limit else { throw .tooManyModifications }
            let action = try transaction.transition { (machine: inout SmartPayTransaction.StateMachine) throws(SmartPayTransaction.StateMachine.Refusal) in
                switch operation {
                case .capture: try machine.capture(amount, pendingReads: capturePendingReads)
                case .cancel: try machine.cancel()
                case .refund: try machine.refund(amount)
                case .cancelOrRefund: try machine.cancelOrRefund()
                }
            }
            let events = record(action, on: &transaction, origin: .api, modificationID: modificationID,
                                description: description ?? body["description"]?.stringValue, now: now, faults: faults)
            let answer = SmartPayTransaction.StoredAnswer(status: 200, body: transaction.statusJSON.serialized())
            transaction.answers[modificationID] = answer
            return (answer, events)
        }
        guard let (answer, events) = outcome else { throw .notFound("No transaction \(transactionID)") }
        webhooks.send(events)
        return .json(answer.status, String(decoding: answer.body, as: UTF8.self))
    }

    /// `modifiedAmount` in minor units (nil: the full amount) and its description; refused on
    /// `cancel` and `cancelOrRefund`, which are always full, and in another currency.
    private static func modifiedAmount(_ body: JSONObject, _ operation: ModificationOperation,
                                       of transaction: SmartPayTransaction) throws(SmartPayError) -> (Int64?, String?) {
        guard let value = body["modifiedAmount"], !value.isNull else { return (nil, nil) }
        guard operation.acceptsAmount else { throw .invalidField("modifiedAmount", "is not accepted by /payment/\(operation.rawValue): it is always in full") }
        guard case .object(let modified) = value else { throw .invalidField("modifiedAmount", "must be an object") }
        guard let currency = modified["currencyCode"]?.stringValue else { throw .invalidField("modifiedAmount.currencyCode", "is required") }
        guard currency == transaction.amount.currency else {
            throw .invalidField("modifiedAmount.currencyCode", "must be the payment's currency \(transaction.amount.currency)")
        }
        guard case .number(let number)? = modified["amount"] else { throw .invalidField("modifiedAmount.amount", "must be a JSON number such as 10.99") }
        let amount: Int64
        do throws(SmartPayAmount.Refusal) {
            amount = try SmartPayAmount.minorUnits(of: number, exponent: transaction.exponent)
        } catch {
            switch error {
            case .notPositive: throw .invalidField("modifiedAmount.amount", "must be greater than 0")
            case .tooPrecise(let digits): throw .invalidField("modifiedAmount.amount", "has more than \(digits) digits after the point for \(currency)")
            case .tooLarge: throw .invalidField("modifiedAmount.amount", "exceeds decimal(18,2)")
            }
        }
        let description = modified["description"]?.stringValue
        if let description, description.count > 127 { throw .invalidField("modifiedAmount.description", "must be at most 127 characters") }
        return (amount, description)
    }

    /// The non-empty string member `name` of at most `maxLength` characters.
    static func requiredText(_ object: JSONObject, _ name: String, maxLength: Int) throws(SmartPayError) -> String {
        guard let value = object[name], !value.isNull else { throw .invalidField(name, "is required") }
        guard let text = value.stringValue else { throw .invalidField(name, "must be a string") }
        guard !text.isEmpty, text.count <= maxLength else { throw .invalidField(name, "must be 1 to \(maxLength) characters") }
        return text
    }
}
