import FoundationEssentials
import HTTP
import JSON

extension SmartPaySimulator {
    /// `POST /payment/creation` (seed 001, "Create Checkout"): answers `transactionId` (a
    /// 36-character GUID), `checkoutToken` (64 characters), `paymentStatus: CREATED` and
    /// `requestTime`.
    func createCheckout(_ request: Request) throws(SmartPayError) -> Response {
        try requireJSON(request)
        let draft = try SmartPayCheckoutDraft(body: request.body)
        try checkMerchant(draft.merchantKey)
        let now = configuration.now()
        let transaction = SmartPayTransaction(id: SmartPayFormat.guid(), checkoutToken: SmartPayFormat.checkoutToken(),
                                              reconciliationReferenceID: SmartPayFormat.reconciliationReference(),
                                              draft: draft, created: now)
        guard store.insert(transaction) else { throw .duplicatePartnerReference }
        return .json(200, .object([
            "transactionId": .string(transaction.id),
            "checkoutToken": .string(transaction.checkoutToken),
            "paymentStatus": .string(transaction.machine.status.rawValue),
            "requestTime": .string(SmartPayFormat.timestamp(now)),
        ]))
    }

    /// `GET /payment/status/{transactionId}` (seed 001, "Get Payment Transaction Status"). A
    /// `pending_then_capture` payment resolves after its configured number of reads.
    func readStatus(_ request: Request, faults: SimulatorFaults) throws(SmartPayError) -> Response {
        let id = request.parameters["transactionId"] ?? ""
        let now = configuration.now()
        let read = try store.update(.transactionID(id)) { (transaction: inout SmartPayTransaction) throws(SmartPayError) in
            let action = transaction.machine.statusRead()
            let events = record(action, on: &transaction, origin: .automated, now: now, faults: faults)
            return (transaction.statusJSON, events)
        }
        guard let (body, events) = read else { throw .notFound("No transaction \(id)") }
        webhooks.send(events)
        return .json(200, body)
    }
}
