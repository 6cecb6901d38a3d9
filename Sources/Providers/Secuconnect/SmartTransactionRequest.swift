import JSON
import Payments

extension SecuconnectProvider {
    /// Secuconnect takes `payment_context.auto_capture` per Smart Transaction (seed 002).
    public var canChooseCaptureMethod: Bool { true }

    /// The `payment_context.payment_methods` values (PROVIDERS.md A); each has its own
    /// `payment_links` entry. `general` (the method selection) is the default.
    public static let paymentMethods = ["creditcard", "debit", "easycredit", "giropay", "invoice", "paypal", "prepaid", "sofort"]

    /// The body of `POST /api/v2/Smart/Transactions` for `request`, in seed 002's field names
    /// and order. Pure: the contract test compares it with the seed's sample.
    ///
    /// - `basket_info.sum` is the order amount (seeds/README.md: the basket total, coupons
    ///   subtracted) and `basket_info.currency` its currency (seed 004 sends it; seed 002's
    ///   answer shows it).
    /// - `basket.products[]` (only with items): `id` (1-based position), `desc`, `priceOne`,
    ///   `tax`, `quantity`, and `item_type` for `shipping` and `coupon` (seed 002 leaves it out
    ///   for articles, and its answer shows `article` as the default).
    /// - `application_context.return_urls` are Kassa's own return URLs plus `url_push`;
    ///   `language` is `de` or `en` from the locale, left out otherwise.
    /// - `payment_context.payment_methods` is `[method]` when a method was asked for.
    /// - `payment_context.auto_capture` is `autoCapture` when given, else the request's
    ///   `capture_method` (`manual` → false), else the account's `autoCapture`.
    /// - `tax` is the rate as a number with its decimals (seed 002 shows `"tax": 19`; 5.5 is
    ///   sent as `5.5`, the literal written from hundredths, never through a float).
    public static func makeSmartTransactionBody(_ request: ProviderCheckoutRequest, configuration: Configuration,
                                                autoCapture: Bool? = nil) throws(ProviderError) -> JSONValue {
        let amount = request.order.amount
        guard amount.minorUnits > 0 else {
            throw .invalidRequest("the amount must be positive", field: "order.amount")
        }
        if let method = request.method, !paymentMethods.contains(method) {
            throw .invalidRequest("secuconnect knows the methods \(paymentMethods.joined(separator: ", "))", field: "method")
        }
        var body: JSONObject = [
            "is_demo": .bool(configuration.isDemo),
            "contract": ["id": .string(configuration.contractID)],
        ]
        if let customer = request.customer, let contact = contact(of: customer) {
            body["customer"] = ["contact": .object(contact)]
        }
        body["intent"] = "sale"
        if !request.order.items.isEmpty {
            body["basket"] = ["products": .array(try products(request.order.items, amount: amount))]
        }
        body["basket_info"] = ["sum": .number(JSONNumber(amount.minorUnits)), "currency": .string(amount.currency.code)]
        var returnURLs: JSONObject = [
            "url_success": .string(request.returnURLs.success),
            "url_error": .string(request.returnURLs.failure),
            "url_abort": .string(request.returnURLs.cancel),
        ]
        if !request.notificationURL.isEmpty { returnURLs["url_push"] = .string(request.notificationURL) }
        var application: JSONObject = [:]
        if !configuration.checkoutTemplate.isEmpty {
            application["checkout_template"] = .string(configuration.checkoutTemplate)
        }
        application["return_urls"] = .object(returnURLs)
        if let language = language(of: request.locale) { application["language"] = .string(language) }
        body["application_context"] = .object(application)
        let capture = autoCapture ?? request.captureMethod.map { $0 == .automatic } ?? configuration.autoCapture
        var payment: JSONObject = ["auto_capture": .bool(capture)]
        if let method = request.method { payment["payment_methods"] = [.string(method)] }
        body["payment_context"] = .object(payment)
        if let shipping = request.customer?.shippingAddress, let address = address(shipping) {
            body["shipping_address"] = .object(address)
        }
        return .object(body)
    }

    /// `de` or `en` from a BCP 47 locale (`de-DE` → `de`); nil for anything else, so Smart
    /// Checkout picks its default (PROVIDERS.md A: "language: de or en").
    static func language(of locale: String?) -> String? {
        guard let locale else { return nil }
        let primary = locale.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() }
        return primary == "de" || primary == "en" ? primary : nil
    }

    // Seed 002's contact: forename, surname, phone, address, email, dob.
    private static func contact(of customer: ProviderCheckoutRequest.Customer) -> JSONObject? {
        var contact = JSONObject()
        contact["forename"] = customer.firstName.map(JSONValue.string)
        contact["surname"] = customer.lastName.map(JSONValue.string)
        contact["phone"] = customer.phone.map(JSONValue.string)
        contact["address"] = customer.address.flatMap(address).map(JSONValue.object)
        contact["email"] = customer.email.map(JSONValue.string)
        contact["dob"] = customer.birthDate.map(JSONValue.string)
        return contact.isEmpty ? nil : contact
    }

    private static func address(_ address: ProviderCheckoutRequest.Address) -> JSONObject? {
        var object = JSONObject()
        object["street"] = address.street.map(JSONValue.string)
        object["street_number"] = address.streetNumber.map(JSONValue.string)
        object["postal_code"] = address.postalCode.map(JSONValue.string)
        object["city"] = address.city.map(JSONValue.string)
        object["country"] = address.country.map(JSONValue.string)
        return object.isEmpty ? nil : object
    }

    // PROVIDERS.md A: "sum … must equal the basket total"; checked here so that a wrong basket
    // is a 422 naming the field rather than the provider's 400.
    private static func products(_ items: [ProviderCheckoutRequest.LineItem], amount: Money) throws(ProviderError) -> [JSONValue] {
        var total: Int64 = 0
        var products: [JSONValue] = []
        for (index, item) in items.enumerated() {
            guard item.quantity > 0 else { throw .invalidRequest("must be positive", field: "order.items[\(index)].quantity") }
            guard item.unitAmount >= 0 else { throw .invalidRequest("must not be negative", field: "order.items[\(index)].unit_amount") }
            var product: JSONObject = ["id": .number(JSONNumber(index + 1))]
            if item.kind != .article { product["item_type"] = .string(item.kind.rawValue) }
            product["desc"] = .string(item.name)
            product["priceOne"] = .number(JSONNumber(item.unitAmount))
            product["tax"] = .number(JSONNumber(literal: item.taxRate.description) ?? JSONNumber(0))
            product["quantity"] = .number(JSONNumber(item.quantity))
            products.append(.object(product))
            // Checked: quantities and prices are the shop's numbers, and Swift traps on overflow.
            guard let line = item.total, case (let sum, false) = total.addingReportingOverflow(line) else {
                throw .invalidRequest("the basket total does not fit in a 64-bit amount", field: "order.items[\(index)].unit_amount")
            }
            total = sum
        }
        guard total == amount.minorUnits else {
            throw .invalidRequest("the items add up to \(total), not the amount \(amount.minorUnits)", field: "order.items")
        }
        return products
    }
}
