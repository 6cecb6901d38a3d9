import JSON
import Payments

/// `POST /v1/payment-options`, validated: the `order` and `customer` of `POST /v1/checkouts`
/// read by the same code (`CheckoutRequest.parseOrder`, `parseCustomer`), so that both answer
/// the same 422 for the same member. The reference is optional; every other member of a
/// checkout body (`provider`, `return_urls`, …) is ignored, so a shop may send either body.
struct PaymentOptionsRequest: Sendable {
    var order: ProviderCheckoutRequest.OrderDetails
    var customer: ProviderCheckoutRequest.Customer?

    /// Reads and validates `document`; `maxAmount` is `checkout.max_amount`.
    static func parse(_ document: JSONValue, maxAmount: Int64) throws(APIProblem) -> PaymentOptionsRequest {
        var errors = FieldErrors()
        let root = JSONCursor(document)
        guard errors.check({ () throws(JSONFieldError) in try root.object() }) != nil else { throw .validation(errors.all) }
        let order = CheckoutRequest.parseOrder(root["order"], requiresReference: false, maxAmount: maxAmount, errors: &errors)
        let customer = root["customer"].isAbsent ? nil : CheckoutRequest.parseCustomer(root["customer"], errors: &errors)
        guard errors.isEmpty, let order else { throw .validation(errors.all) }
        return PaymentOptionsRequest(order: order, customer: customer)
    }
}
