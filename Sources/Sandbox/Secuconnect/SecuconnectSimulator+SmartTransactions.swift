import FoundationEssentials
import HTTP
import JSON

extension SecuconnectSimulator {
    /// The Smart Transaction operations under `/api/v2/Smart/Transactions/{id}/…`
    /// (PROVIDERS.md A, "Endpoints").
    enum SmartOperation: String, CaseIterable {
        /// Capture an approved transaction.
        case start
        /// "Cancel payment": the payment transaction, in full.
        case cancel
        /// "Abort order": before capture.
        case abort
    }

    /// `POST /api/v2/Smart/Transactions` (seeds 002 and 004, step 2).
    func createSmartTransaction(_ request: Request, prefix: String) throws(SecuconnectError) -> Response {
        let draft = try SmartTransactionDraft(body: request.body, contract: configuration.contractID)
        try checkDestinations(draft.returnURLs)
        let transaction = SmartTransaction(id: RandomIdentifier.make(prefix: "STX_"),
                                           customerID: RandomIdentifier.make(prefix: "PCU_"),
                                           created: configuration.now(), draft: draft)
        store.insert(transaction)
        return .json(200, transaction.json(merchant: merchant, links: paymentLinks(transaction, prefix: prefix)))
    }

    /// `GET /api/v2/Smart/Transactions/{id}` (seed 002, step 4).
    func readSmartTransaction(_ request: Request, prefix: String) throws(SecuconnectError) -> Response {
        let id = request.parameters["id"] ?? ""
        guard let transaction = store.transaction(id) else { throw .notFound("Smart Transaction \(id) not found") }
        return .json(200, transaction.json(merchant: merchant, links: paymentLinks(transaction, prefix: prefix)))
    }

    /// `POST /api/v2/Smart/Transactions/{id}/start|cancel|abort`: answers the changed transaction.
    func changeSmartTransaction(_ request: Request, _ operation: SmartOperation, faults: SimulatorFaults,
                                prefix: String) throws(SecuconnectError) -> Response {
        let id = request.parameters["id"] ?? ""
        let now = configuration.now()
        let changed = try store.update(id) { (transaction: inout SmartTransaction) throws(SecuconnectError) in
            let action = try transaction.transition { (machine: inout SmartTransaction.StateMachine) throws(SmartTransaction.StateMachine.Refusal) in
                switch operation {
                case .start: try machine.capture()
                case .cancel: try machine.cancel(reducingBy: nil)
                case .abort: try machine.abortOrder()
                }
            }
            let events = record(action, on: &transaction, now: now, faults: faults)
            return (transaction, events)
        }
        guard let (transaction, events) = changed else { throw .notFound("Smart Transaction \(id) not found") }
        deliver(events, for: transaction)
        return .json(200, transaction.json(merchant: merchant, links: paymentLinks(transaction, prefix: prefix)))
    }

    /// The payment links (seed 004: `…?payment-method=creditcard&stx=…&contract=…&server=testing`),
    /// pointing at the hosted page; only the transaction's `payment_methods` when it names some.
    func paymentLinks(_ transaction: SmartTransaction, prefix: String) -> JSONObject {
        let page = configuration.publicBaseURL + prefix + "/pay"
        let tail = "stx=\(transaction.id)&contract=\(transaction.draft.contractID)&server=testing"
        var links = JSONObject()
        // Seed 002's keys; eps is not a payment_methods value, so it comes only with all of them.
        let methods = transaction.draft.paymentMethods ?? ["creditcard", "debit", "easycredit", "eps", "giropay",
                                                           "invoice", "paypal", "prepaid", "sofort"]
        for method in methods {
            links[method] = .string("\(page)?payment-method=\(method)&\(tail)")
        }
        links["general"] = .string("\(page)?\(tail)")
        return links
    }

    /// Applies a state machine action to the record: updates the times, creates the payment
    /// transaction, and answers the pushes to send (after the store's lock is released).
    func record(_ action: SmartTransaction.StateMachine.Action, on transaction: inout SmartTransaction,
                now: Date, faults: SimulatorFaults) -> [PushEvent] {
        switch action {
        case .none:
            if transaction.machine.status != .created { transaction.updated = now }
            return []
        case .createPaymentAndNotify:
            transaction.payment = SmartTransaction.Payment(
                id: RandomIdentifier.make(prefix: "PCI_"), transID: makeTransID(),
                hash: RandomIdentifier.make(20, from: RandomIdentifier.lowerAlphanumeric), created: now, updated: now)
        case .notify:
            transaction.payment?.updated = now
        }
        transaction.updated = now
        guard let payment = transaction.payment, transaction.draft.returnURLs.push != nil else { return [] }
        let event = PushEvent(paymentID: payment.id, created: now)
        var events = [event]
        if faults.isDuplicatePush { events.append(event) }
        if faults.isOutOfOrderPush, let previous = transaction.lastPush { events.append(previous) }
        transaction.lastPush = event
        return events
    }

    /// Sends `events` to the transaction's `url_push`.
    func deliver(_ events: [PushEvent], for transaction: SmartTransaction) {
        guard let url = transaction.draft.returnURLs.push else { return }
        pushes.send(events.map { OutgoingNotification(url: url, body: $0.body) })
    }
}
