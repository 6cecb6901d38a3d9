import Payments

extension SecuconnectProvider {
    /// One option without a method: secuconnect's hosted page lets the buyer choose among the
    /// contract's methods (`payment_links.general`, seed 002), and none of the methods has a
    /// rule of its own that Kassa knows before the call.
    public func paymentOptions(for request: ProviderCheckoutRequest) -> [PaymentOption] {
        [PaymentOption(method: nil, reasons: validate(request, method: nil))]
    }
}
