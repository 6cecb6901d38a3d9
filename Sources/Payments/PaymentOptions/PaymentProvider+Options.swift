extension PaymentProvider {
    /// See the protocol: each method of `capabilities.methods` (or none) checked by `validate`.
    public func paymentOptions(for request: ProviderCheckoutRequest) -> [PaymentOption] {
        let methods: [String?] = capabilities.methods ?? [nil]
        return methods.map { method in
            PaymentOption(method: method, reasons: validate(request, method: method))
        }
    }

    /// `validate` of `request` with `method` in place of its own.
    public func validate(_ request: ProviderCheckoutRequest, method: String?) -> [ProviderFieldError] {
        var asked = request
        asked.method = method
        return validate(asked)
    }
}
