import JSON

extension SmartTransaction {
    /// Seed 002's sample response: `payment_context.creditcard_schemes`.
    static let creditcardSchemes: JSONValue = ["mastercard", "visa", "american express"]

    /// The `smart.transactions` object in the shape of the seeds' sample responses (002, 004).
    func json(merchant: JSONObject, links: JSONObject) -> JSONValue {
        var object: JSONObject = [
            "object": "smart.transactions",
            "id": .string(id),
            "merchant": .object(merchant),
            "contract": ["object": "general.contracts", "id": .string(draft.contractID)],
        ]
        if let contact = draft.contact {
            var echo: JSONObject = [:]
            // Seed 004's response adds `name` ("Max Mustermann") before the sent fields.
            let name = [contact["forename"]?.stringValue, contact["surname"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            if !name.isEmpty { echo["name"] = .string(name) }
            for member in contact.members { echo[member.key] = member.value }
            object["customer"] = ["object": "payment.customers", "id": .string(customerID), "contact": .object(echo)]
        }
        object["transactions"] = .array(payment.map { [$0.reference] } ?? [])
        object["created"] = .string(Timestamp.iso8601(created))
        if let updated { object["updated"] = .string(Timestamp.iso8601(updated)) }
        object["status"] = .string(machine.status.rawValue)
        object["intent"] = .string(draft.intent)
        if let products = draft.products { object["basket"] = ["products": .array(products)] }
        object["basket_info"] = ["sum": .number(JSONNumber(draft.sum)), "currency": .string(draft.currency)]
        object["is_demo"] = .bool(draft.isDemo)
        if let context = draft.applicationContext { object["application_context"] = .object(context) }
        var paymentContext: JSONObject = [
            "auto_capture": .bool(draft.autoCapture),
            "payment_methods": draft.paymentMethods.map { .array($0.map(JSONValue.string)) } ?? .null,
            "merchant_initiated": draft.paymentContext["merchant_initiated"] ?? false,
            "accrual": draft.paymentContext["accrual"] ?? false,
            "creditcard_schemes": Self.creditcardSchemes,
        ]
        for member in draft.paymentContext.members where paymentContext[member.key] == nil {
            paymentContext[member.key] = member.value
        }
        object["payment_context"] = .object(paymentContext)
        object["payment_links"] = .object(links)
        if let paymentMethod { object["payment_method"] = .string(paymentMethod) }
        if let payment { object["trans_id"] = .number(JSONNumber(payment.transID)) }
        return .object(object)
    }

    /// The `payment.transactions` object: the reference of seed 002 plus amount and status
    /// (PROVIDERS.md A, `/checkStatus`: status, status_simple, amount, currency).
    func paymentJSON() -> JSONValue? {
        guard let payment, let status = machine.paymentStatus else { return nil }
        guard case .object(var object) = payment.reference else { return nil }
        object["created"] = .string(Timestamp.iso8601(payment.created))
        object["updated"] = .string(Timestamp.iso8601(payment.updated))
        object["status"] = .number(JSONNumber(status.rawValue))
        object["status_text"] = .string(status.text)
        object["status_simple"] = .number(JSONNumber(status.rawValue))
        object["status_simple_text"] = .string(status.text)
        object["amount"] = .number(JSONNumber(machine.remainingAmount))
        object["currency"] = .string(draft.currency)
        object["refunded_amount"] = .number(JSONNumber(machine.refundedAmount))
        object["payment_method"] = paymentMethod.map(JSONValue.string) ?? .null
        object["smart_transaction_id"] = .string(id)
        return .object(object)
    }
}

extension SmartTransaction.Payment {
    /// Seed 002: `{"object":"payment.transactions","id":"PCI_…","trans_id":…,"transaction_hash":…}`.
    var reference: JSONValue {
        ["object": "payment.transactions", "id": .string(id), "trans_id": .number(JSONNumber(transID)), "transaction_hash": .string(hash)]
    }
}
