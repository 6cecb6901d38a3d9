import JSON

extension CustomerApplication {
    /// The spec's `ApplicationDetails`, with the status as `status` shows it.
    func details(status: StateMachine.Status, kycSuccessful: String) -> JSONValue {
        let mean = draft.paymentMean
        return .object([
            "applicationId": .string(id),
            "orderId": .string(draft.orderID),
            "customerId": .string(draft.customerID),
            "createdOn": .string(Timestamp.iso8601(createdOn)),
            "modifiedOn": .string(Timestamp.iso8601(modifiedOn)),
            "status": .string(status.text(kycSuccessful: kycSuccessful)),
            "paymentProvider": .string(mean.provider),
            "paymentProviderLabel": .string(mean.providerLabel),
            "paymentMean": .string(mean.rawValue),
            "paymentMeanLabel": .string(mean.label),
        ])
    }
}
