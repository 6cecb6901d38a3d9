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

        let order = root["order"]
        let hasOrder = errors.check { () throws(JSONFieldError) in try order.object() } != nil
        let reference = !hasOrder ? nil : errors.check { () throws(JSONFieldError) in try order["reference"].string() }
        if let reference {
            errors.require(!reference.isEmpty && reference.unicodeScalars.count <= 128, order["reference"], "must be 1 to 128 characters")
            errors.requirePrintable(reference, order["reference"])
        }
        let amount = !hasOrder ? nil : errors.check { () throws(JSONFieldError) in try order["amount"].int64() }
        if let amount {
            if amount <= 0 { errors.add(order["amount"].error("must be positive")) }
            else if amount > maxAmount { errors.add(order["amount"].error("must not exceed \(maxAmount)")) }
        }
        let currencyCode = !hasOrder ? nil : errors.check { () throws(JSONFieldError) in try order["currency"].string() }
        var currency: Currency?
        if let currencyCode {
            currency = currencyCode.utf8.count == 3 && currencyCode == currencyCode.uppercased() ? Currency(code: currencyCode) : nil
            if currency == nil { errors.add(order["currency"].error("unknown currency \(currencyCode); an ISO 4217 code such as EUR")) }
        }
        let description = errors.check { () throws(JSONFieldError) in try order["description"].optionalString() } ?? nil
        errors.requirePrintable(description, order["description"])
        let items = order["items"].isAbsent ? [] : (errors.check { () throws(JSONFieldError) in try order["items"].array() } ?? [])
        var lines: [ProviderCheckoutRequest.LineItem] = []
        for item in items {
            if let line = parseItem(item, errors: &errors) { lines.append(line) }
        }
        if let amount, !items.isEmpty, lines.count == items.count {
            checkBasket(lines, amount: amount, items: order["items"], errors: &errors)
        }

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

        guard errors.isEmpty, let providerName, let reference, let amount, let currency, shopURLs.count == 3 else {
            throw .validation(errors.all)
        }
        return CheckoutRequest(
            provider: ProviderID(providerName), method: method,
            order: .init(reference: reference, amount: Money(minorUnits: amount, currency: currency), description: description, items: lines),
            customer: customer, returnURLs: ShopReturnURLs(success: shopURLs[0], failure: shopURLs[1], cancel: shopURLs[2]),
            locale: locale, metadata: metadata, captureMethod: captureMethod)
    }

    // The lines must add up to the amount. Every product and sum is checked: the numbers are the
    // client's, and a wrapping sum (2^64 + amount) would pass here and trap in an adapter.
    private static func checkBasket(_ lines: [ProviderCheckoutRequest.LineItem], amount: Int64, items: JSONCursor,
                                    errors: inout FieldErrors) {
        var total: Int64 = 0
        for (index, line) in lines.enumerated() {
            guard let lineTotal = line.total else {
                errors.add(items[index]["unit_amount"].error("quantity × unit_amount does not fit in a 64-bit amount"))
                return
            }
            let (sum, overflow) = total.addingReportingOverflow(lineTotal)
            guard !overflow else {
                errors.add(items[index]["unit_amount"].error("the basket total overflows at this line; the items must add up to order.amount"))
                return
            }
            total = sum
        }
        errors.require(total == amount, items, "the basket total \(total) does not equal order.amount \(amount)")
    }

    private static func parseItem(_ item: JSONCursor, errors: inout FieldErrors) -> ProviderCheckoutRequest.LineItem? {
        guard errors.check({ () throws(JSONFieldError) in try item.object() }) != nil else { return nil }
        let reference = errors.check { () throws(JSONFieldError) in try item["reference"].string() }
        let name = errors.check { () throws(JSONFieldError) in try item["name"].string() }
        errors.requirePrintable(reference, item["reference"])
        errors.requirePrintable(name, item["name"])
        let quantity = errors.check { () throws(JSONFieldError) in try item["quantity"].int64() }
        if let quantity { errors.require(quantity >= 1 && quantity <= 100_000, item["quantity"], "must be 1 to 100000") }
        let unit = errors.check { () throws(JSONFieldError) in try item["unit_amount"].int64() }
        if let unit { errors.require(unit >= 0 && unit <= 1_000_000_000_000, item["unit_amount"], "must be 0 or more") }
        let tax = parseTaxRate(item["tax_rate"], errors: &errors)
        var kind = ProviderCheckoutRequest.LineItem.Kind.article
        if let type = errors.check({ () throws(JSONFieldError) in try item["type"].optionalString() }) ?? nil {
            if let parsed = ProviderCheckoutRequest.LineItem.Kind(rawValue: type) { kind = parsed }
            else { errors.add(item["type"].error("must be article, shipping or coupon")) }
        }
        guard let reference, let name, let quantity, let unit, (1...100_000).contains(quantity), unit >= 0,
              unit <= 1_000_000_000_000, let tax else { return nil }
        return .init(reference: reference, name: name, quantity: Int(quantity), unitAmount: unit, taxRate: tax, kind: kind)
    }

    // A percentage with at most two decimal places (France's 5.5 %, Switzerland's 8.1 %),
    // read from the number's literal so that nothing passes through a binary float. Absent is 0;
    // nil only after an error was recorded.
    private static func parseTaxRate(_ cursor: JSONCursor, errors: inout FieldErrors) -> TaxRate? {
        if cursor.isAbsent { return .zero }
        guard case .number(let number)? = cursor.value else {
            errors.add(cursor.error("must be a number"))
            return nil
        }
        guard let rate = TaxRate(decimal: number.literal) else {
            errors.add(cursor.error("must be 0 to 100 with at most two decimal places"))
            return nil
        }
        return rate
    }

    private static func parseCustomer(_ c: JSONCursor, errors: inout FieldErrors) -> ProviderCheckoutRequest.Customer? {
        guard errors.check({ () throws(JSONFieldError) in try c.object() }) != nil else { return nil }
        func text(_ cursor: JSONCursor) -> String? {
            let value = errors.check { () throws(JSONFieldError) in try cursor.optionalString() } ?? nil
            errors.requirePrintable(value, cursor)
            return value
        }
        var customer = ProviderCheckoutRequest.Customer(
            email: text(c["email"]), firstName: text(c["first_name"]), lastName: text(c["last_name"]),
            phone: text(c["phone"]), birthDate: text(c["birth_date"]), civility: text(c["civility"]),
            accountID: text(c["account_id"]))
        if let email = customer.email { errors.require(email.contains("@") && email.unicodeScalars.count <= 254, c["email"], "must be an e-mail address") }
        if let date = customer.birthDate { errors.require(isISODate(date), c["birth_date"], "must be a date YYYY-MM-DD") }
        if let civility = customer.civility { errors.require(civility == "Mr" || civility == "Ms", c["civility"], "must be Mr or Ms") }
        func address(_ a: JSONCursor) -> ProviderCheckoutRequest.Address? {
            guard !a.isAbsent, errors.check({ () throws(JSONFieldError) in try a.object() }) != nil else { return nil }
            let result = ProviderCheckoutRequest.Address(
                street: text(a["street"]), streetNumber: text(a["street_number"]), postalCode: text(a["postal_code"]),
                city: text(a["city"]), state: text(a["state"]), country: text(a["country"]))
            if let country = result.country {
                errors.require(country.utf8.count == 2 && country.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }, a["country"],
                               "must be an ISO 3166-1 alpha-2 code such as DE")
            }
            return result
        }
        customer.address = address(c["address"])
        customer.shippingAddress = address(c["shipping_address"])
        return customer
    }

    private static func isISODate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return false }
        let digits = b[0..<4] + b[5..<7] + b[8..<10]
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let month = Int(b[5] - 48) * 10 + Int(b[6] - 48), day = Int(b[8] - 48) * 10 + Int(b[9] - 48)
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
