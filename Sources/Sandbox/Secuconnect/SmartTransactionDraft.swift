import JSON

/// A validated `POST /api/v2/Smart/Transactions` body (seeds 002 and 004; field rules from
/// PROVIDERS.md A, "Request model SmartTransactionsDTO").
struct SmartTransactionDraft: Sendable, Equatable {
    /// The `item_type` values of a basket product (PROVIDERS.md A).
    static let itemTypes: Set<String> = ["article", "coupon", "sub_transaction", "stakeholder_payment", "shipping", "subscription"]
    /// The `payment_context.payment_methods` values (PROVIDERS.md A).
    static let paymentMethods = ["creditcard", "debit", "easycredit", "giropay", "invoice", "paypal", "prepaid", "sofort"]

    var contractID: String
    var contact: JSONObject?
    var intent: String
    /// The products, normalised to the response's shape (seed 002's sample response).
    var products: [JSONValue]?
    var sum: Int
    var currency: String
    var isDemo: Bool
    /// `application_context` as sent, `return_urls` normalised (no write-only `url_failure`).
    var applicationContext: JSONObject?
    var returnURLs: ReturnURLs
    var autoCapture: Bool
    /// `payment_context.payment_methods`, or nil for all.
    var paymentMethods: [String]?
    /// `payment_context` as sent, for the echo.
    var paymentContext: JSONObject

    /// `application_context.return_urls`; the push URL is where notifications go.
    struct ReturnURLs: Sendable, Equatable {
        var success: String?
        var error: String?
        var abort: String?
        var push: String?
    }

    /// Validates `body` for `contract`, the one contract the simulated account has.
    init(body: [UInt8], contract: String) throws(SecuconnectError) {
        guard case .object(let root)? = try? JSONValue.parse(body) else {
            throw .invalidField("the body must be a JSON object")
        }
        // Both seeds send `contract.id`; absent means the account's only contract.
        contractID = contract
        if let value = root["contract"] {
            guard let id = value["id"]?.stringValue else { throw .invalidField("contract.id must be a string") }
            guard id == contract else { throw .invalidField("contract.id: unknown contract \(id)") }
        }
        if let customer = root["customer"] {
            guard customer.objectValue != nil else { throw .invalidField("customer must be an object") }
            if let c = customer["contact"] {
                guard let object = c.objectValue else { throw .invalidField("customer.contact must be an object") }
                contact = object
            }
        }
        intent = try Self.optionalString(root["intent"], "intent") ?? "sale"
        guard intent == "sale" || intent == "order" else { throw .invalidField("intent must be sale or order") }

        guard case .object(let info)? = root["basket_info"] else { throw .invalidField("basket_info is required") }
        guard let sum = info["sum"]?.wholeNumber, sum > 0 else { throw .invalidField("basket_info.sum must be a positive integer in minor units") }
        self.sum = sum
        // Seed 002 sends no currency and the response says EUR.
        currency = try Self.optionalString(info["currency"], "basket_info.currency") ?? "EUR"
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw .invalidField("basket_info.currency must be an ISO 4217 code such as EUR")
        }
        if let basket = root["basket"] {
            guard let list = basket["products"] else { throw .invalidField("basket.products is required with a basket") }
            guard let items = list.arrayValue else { throw .invalidField("basket.products must be an array") }
            var total = 0
            var normalised: [JSONValue] = []
            for (index, item) in items.enumerated() {
                let (product, signed) = try Self.product(item, index: index)
                normalised.append(product)
                // Checked: the sum of a client's numbers must not trap the simulator.
                guard case (let sum, false) = total.addingReportingOverflow(signed) else {
                    throw .invalidField("basket.products[\(index)]: the basket total does not fit in a 64-bit amount")
                }
                total = sum
            }
            // PROVIDERS.md A: "sum … must equal the basket total"; coupons reduce it.
            guard items.isEmpty || total == sum else {
                throw .invalidField("basket_info.sum \(sum) does not equal the basket total \(total)")
            }
            products = normalised
        }
        isDemo = try Self.optionalBool(root["is_demo"], "is_demo") ?? false

        returnURLs = ReturnURLs()
        if let value = root["application_context"] {
            guard var context = value.objectValue else { throw .invalidField("application_context must be an object") }
            if let urls = context["return_urls"] {
                guard urls.objectValue != nil else { throw .invalidField("application_context.return_urls must be an object") }
                let failure = try Self.url(urls["url_failure"], "url_failure")
                // Seed 002: url_failure "is write-only, and sets url_error and url_abort".
                returnURLs = ReturnURLs(success: try Self.url(urls["url_success"], "url_success"),
                                        error: try Self.url(urls["url_error"], "url_error") ?? failure,
                                        abort: try Self.url(urls["url_abort"], "url_abort") ?? failure,
                                        push: try Self.url(urls["url_push"], "url_push"))
                var echo = JSONObject()
                echo["url_success"] = returnURLs.success.map(JSONValue.string)
                echo["url_error"] = returnURLs.error.map(JSONValue.string)
                echo["url_abort"] = returnURLs.abort.map(JSONValue.string)
                echo["url_push"] = returnURLs.push.map(JSONValue.string)
                context["return_urls"] = .object(echo)
            }
            applicationContext = context
        }

        paymentContext = [:]
        if let value = root["payment_context"] {
            guard let context = value.objectValue else { throw .invalidField("payment_context must be an object") }
            paymentContext = context
        }
        // Seed 002: auto_capture "Defaults to false, needs explicit capture."
        autoCapture = try Self.optionalBool(paymentContext["auto_capture"], "payment_context.auto_capture") ?? false
        if let methods = paymentContext["payment_methods"], !methods.isNull {
            guard let list = methods.arrayValue?.compactMap(\.stringValue), list.count == methods.arrayValue?.count,
                  list.allSatisfy(Self.paymentMethods.contains) else {
                throw .invalidField("payment_context.payment_methods must list methods of \(Self.paymentMethods.joined(separator: ", "))")
            }
            paymentMethods = list
        }
    }

    /// One basket product in the response's shape (seed 002), and its signed total.
    private static func product(_ item: JSONValue, index: Int) throws(SecuconnectError) -> (JSONValue, Int) {
        let field = "basket.products[\(index)]"
        guard let object = item.objectValue else { throw .invalidField("\(field) must be an object") }
        guard let priceOne = object["priceOne"]?.wholeNumber, priceOne >= 0 else {
            throw .invalidField("\(field).priceOne must be a non-negative integer in minor units")
        }
        guard let quantity = object["quantity"]?.wholeNumber, quantity > 0 else {
            throw .invalidField("\(field).quantity must be a positive integer")
        }
        if let tax = object["tax"], !tax.isNull {
            guard let rate = tax.doubleValue, rate >= 0, rate <= 100 else { throw .invalidField("\(field).tax must be a percentage") }
        }
        let itemType = try optionalString(object["item_type"], "\(field).item_type") ?? "article"
        guard itemTypes.contains(itemType) else {
            throw .invalidField("\(field).item_type must be one of \(itemTypes.sorted().joined(separator: ", "))")
        }
        let product: JSONObject = [
            "id": .number(JSONNumber(index)),
            "parent": object["parent"] ?? .null,
            "articleNumber": object["articleNumber"] ?? .null,
            "ean": object["ean"] ?? .null,
            "desc": object["desc"] ?? .null,
            "quantity": .number(JSONNumber(quantity)),
            "priceOne": .number(JSONNumber(priceOne)),
            "tax": object["tax"] ?? .null,
            "group": object["group"] ?? .null,
            "serialNumber": object["serialNumber"] ?? .null,
            "item_type": .string(itemType),
            "reference_id": object["reference_id"] ?? .null,
        ]
        guard case (let line, false) = priceOne.multipliedReportingOverflow(by: quantity) else {
            throw .invalidField("\(field): priceOne × quantity does not fit in a 64-bit amount")
        }
        let signed = switch itemType {
        case "coupon": -line
        // A stakeholder's share is paid out of the total, not added to it.
        case "stakeholder_payment": 0
        default: line
        }
        return (.object(product), signed)
    }

    private static func optionalString(_ value: JSONValue?, _ field: String) throws(SecuconnectError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalidField("\(field) must be a string") }
        return text
    }

    private static func optionalBool(_ value: JSONValue?, _ field: String) throws(SecuconnectError) -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw .invalidField("\(field) must be true or false") }
        return flag
    }

    private static func url(_ value: JSONValue?, _ field: String) throws(SecuconnectError) -> String? {
        guard let text = try optionalString(value, "application_context.return_urls.\(field)") else { return nil }
        guard text.hasPrefix("https://") || text.hasPrefix("http://") else {
            throw .invalidField("application_context.return_urls.\(field) must be an http(s) URL")
        }
        return text
    }
}
