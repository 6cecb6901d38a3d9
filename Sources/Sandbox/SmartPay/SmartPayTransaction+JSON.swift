import FoundationEssentials
import JSON

extension SmartPayTransaction {
    /// The Get Payment Status answer (seed 001), also the modification APIs' answer
    /// (PROVIDERS.md B, "Status and modification response"): `transactionId`,
    /// `reconciliationReferenceId`, `description`, `paymentStatus`, `creationDate`,
    /// `lastStatusDate`, `transactionOverview{amount, currencyCode, mit, transactionId,
    /// paymentMethod, customerAccountId}`, `modifications[]`.
    var statusJSON: JSONValue {
        var body: JSONObject = [
            "transactionId": .string(id),
            "reconciliationReferenceId": .string(reconciliationReferenceID),
        ]
        if let description { body["description"] = .string(description) }
        body["paymentStatus"] = .string(machine.status.rawValue)
        body["creationDate"] = .string(SmartPayFormat.timestamp(created))
        body["lastStatusDate"] = .string(SmartPayFormat.timestamp(lastStatusDate))
        if let partnerReference { body["partnerReference"] = .string(partnerReference) }
        var overview: JSONObject = [
            "amount": amount.json(exponent: exponent),
            "currencyCode": .string(amount.currency),
            "mit": false,
            "transactionId": .string(id),
        ]
        if let paymentMethod { overview["paymentMethod"] = .string(paymentMethod) }
        if let customerAccountID { overview["customerAccountId"] = .string(customerAccountID) }
        body["transactionOverview"] = .object(overview)
        body["modifications"] = .array(modifications.map { modificationJSON($0) })
        return .object(body)
    }

    /// One entry of `modifications[]`. The docs found give only `modificationData.type`
    /// (PROVIDERS.md B); the rest of the shape is the simulator's:
    /// `{"id", "modificationId", "creationDate", "modificationData": {"type", "amount",
    /// "currencyCode", "description"}}`, the amount a decimal like the payment's.
    func modificationJSON(_ modification: Modification) -> JSONValue {
        var data: JSONObject = [
            "type": .string(modification.kind.rawValue),
            "amount": SmartPayAmount(minorUnits: modification.amount, currency: amount.currency).json(exponent: exponent),
            "currencyCode": .string(amount.currency),
        ]
        if let description = modification.description { data["description"] = .string(description) }
        var entry: JSONObject = ["id": .string(modification.id)]
        if let modificationID = modification.modificationID { entry["modificationId"] = .string(modificationID) }
        entry["creationDate"] = .string(SmartPayFormat.timestamp(modification.created))
        entry["modificationData"] = .object(data)
        return .object(entry)
    }
}
