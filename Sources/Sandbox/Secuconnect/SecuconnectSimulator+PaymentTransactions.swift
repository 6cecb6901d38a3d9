import HTTP
import JSON

extension SecuconnectSimulator {
    /// `GET /api/v2/Payment/Transactions/{id}`: the payment transaction with its status and
    /// remaining amount.
    func readPaymentTransaction(_ request: Request) throws(SecuconnectError) -> Response {
        let id = request.parameters["id"] ?? ""
        guard let body = store.transaction(forPayment: id)?.paymentJSON() else {
            throw .notFound("Payment Transaction \(id) not found")
        }
        return .json(200, body)
    }

    /// `POST /api/v2/Payment/Transactions/{id}/cancel` with `{reduce_amount_by?, reason?}`
    /// (PROVIDERS.md A, "Cancel and refund"): without an amount, cancels in full or refunds the
    /// rest. Answers a list with the payment transaction (the SDK's
    /// `List<PaymentTransactionsProductModel>`).
    func cancelPaymentTransaction(_ request: Request, faults: SimulatorFaults) throws(SecuconnectError) -> Response {
        let id = request.parameters["id"] ?? ""
        let reduction = try Self.cancellation(request.body)
        let now = configuration.now()
        let changed = try store.update(id, byPayment: true) { (transaction: inout SmartTransaction) throws(SecuconnectError) in
            let action = try transaction.transition { (machine: inout SmartTransaction.StateMachine) throws(SmartTransaction.StateMachine.Refusal) in
                try machine.cancel(reducingBy: reduction)
            }
            return (transaction, record(action, on: &transaction, now: now, faults: faults))
        }
        guard let (transaction, events) = changed, let body = transaction.paymentJSON() else {
            throw .notFound("Payment Transaction \(id) not found")
        }
        deliver(events, for: transaction)
        return .json(200, .array([body]))
    }

    /// The reduction of a cancel body; nil for all. An empty body cancels in full.
    static func cancellation(_ body: [UInt8]) throws(SecuconnectError) -> Int? {
        guard body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return nil }
        guard case .object(let object)? = try? JSONValue.parse(body) else { throw .invalidField("the body must be a JSON object") }
        if let reason = object["reason"], !reason.isNull {
            guard let text = reason.stringValue, isValidReason(text) else {
                throw .invalidField("reason must match ^[A-Za-z0-9 .,+\\-:?()/']{0,100}$")
            }
        }
        guard let value = object["reduce_amount_by"], !value.isNull else { return nil }
        guard let amount = value.wholeNumber, amount > 0 else {
            throw .invalidField("reduce_amount_by must be a positive integer in minor units")
        }
        return amount
    }

    /// PROVIDERS.md A: `reason` matches `^[A-Za-z0-9 .,+\-:?()/']{0,100}$`.
    static func isValidReason(_ reason: String) -> Bool {
        let allowed = Set(" .,+-:?()/'".utf8)
        return reason.utf8.count <= 100 && reason.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || allowed.contains(byte)
        }
    }
}
