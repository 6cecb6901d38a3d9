import JSON
import Payments

/// `POST /v1/checkouts`, validated: every rule of the API contract, each failure at its JSON
/// path. Fields a provider does not use are accepted and ignored (DESIGN.md).
struct CheckoutRequest: Sendable {
    /// The shop's own return URLs; Kassa redirects the buyer there after its own return route.
    struct ShopReturnURLs: Sendable, Equatable {
        var success: String
        var failure: String
        var cancel: String
    }

    var provider: ProviderID
    var method: String?
    var order: ProviderCheckoutRequest.OrderDetails
    var customer: ProviderCheckoutRequest.Customer?
    var returnURLs: ShopReturnURLs
    var locale: String?
    /// The shop's key–value pairs (`CheckoutMetadata`), empty when none were sent.
    var metadata: [String: String] = [:]
    /// `capture_method`; nil leaves the provider account's default.
    var captureMethod: CaptureMethod?

    /// Reads and validates `document`. `providers` are the enabled ones; `maxAmount` is
    /// `checkout.max_amount`.
    static func parse(_ document: JSONValue, providers: Set<String>, maxAmount: Int64) throws(APIProblem) -> CheckoutRequest {
        var errors = FieldErrors()
        let root = JSONCursor(document)

        let providerCursor = root["provider"]
        let providerName = errors.check { () throws(JSONFieldError) in try providerCursor.string() }
        if let providerName, !providers.contains(providerName) {
            let known = providers.sorted().joined(separator: ", ")
            errors.add(providerCursor.error("unknown provider \(providerName); configured: \(known)"))
        }
        let method = errors.check { () throws(JSONFieldError) in try root["method"].optionalString() } ?? nil
        errors.requirePrintable(method, root["method"])

        let order = parseOrder(root["order"], requiresReference: true, maxAmount: maxAmount, errors: &errors)

        let customer = root["customer"].isAbsent ? nil : parseCustomer(root["customer"], errors: &errors)
        let urls = root["return_urls"]
        let hasURLs = errors.check { () throws(JSONFieldError) in try urls.object() } != nil
        var shopURLs: [String] = []
        for name in ["success", "failure", "cancel"] where hasURLs {
            if let url = errors.check({ () throws(JSONFieldError) in try urls[name].string() }) {
                if let problem = ShopInput.urlProblem(url) { errors.add(urls[name].error(problem)) }
                shopURLs.append(url)
            }
        }
        let locale = errors.check { () throws(JSONFieldError) in try root["locale"].optionalString() } ?? nil
        errors.requirePrintable(locale, root["locale"])
        let metadata = CheckoutMetadata.parse(root["metadata"], errors: &errors)
        var captureMethod: CaptureMethod?
        if let name = errors.check({ () throws(JSONFieldError) in try root["capture_method"].optionalString() }) ?? nil {
            captureMethod = CaptureMethod(rawValue: name)
            if captureMethod == nil { errors.add(root["capture_method"].error("must be automatic or manual")) }
        }

        guard errors.isEmpty, let providerName, let order, shopURLs.count == 3 else {
            throw .validation(errors.all)
        }
        return CheckoutRequest(
            provider: ProviderID(providerName), method: method, order: order,
            customer: customer, returnURLs: ShopReturnURLs(success: shopURLs[0], failure: shopURLs[1], cancel: shopURLs[2]),
            locale: locale, metadata: metadata, captureMethod: captureMethod)
    }
}
