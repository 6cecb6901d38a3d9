import JSON
import Payments

/// The initialize body, SmartCredit's `Application` (PROVIDERS.md C, spec 1.1.0), built from a
/// checkout request, with every rule checked first: a request SmartCredit could not take is a
/// list of field errors in the API's names, never a call.
enum SmartCreditApplication {
    /// The `paymentMean` values (PROVIDERS.md C): FranFinance split payments for French
    /// residents, Hanseatic Bank revolving credit for German residents.
    static let franFinanceMeans = ["FRF_3X", "FRF_4X", "FRF_3X_F", "FRF_4X_F"]
    static let hanseaticMeans = ["REVOLVINGPOS"]
    static var paymentMeans: [String] { franFinanceMeans + hanseaticMeans }

    /// The amounts each product takes (the account's contract: configuration).
    struct Limits: Sendable {
        var franFinance: AmountLimits = .none
        var hanseatic: AmountLimits = .none
    }

    /// The body, or every field that keeps SmartCredit from taking the request.
    static func make(_ request: ProviderCheckoutRequest, limits: Limits = Limits()) -> Result<JSONValue, Failures> {
        var errors: [ProviderFieldError] = []
        func fail(_ field: String, _ message: String, _ reason: ProviderFieldError.Reason = .invalidField) {
            errors.append(ProviderFieldError(field: field, message: message, reason: reason))
        }

        let method = request.method ?? ""
        let isFranFinance = franFinanceMeans.contains(method)
        if request.method == nil {
            fail("method", "SmartCredit needs the payment mean: one of \(paymentMeans.joined(separator: ", "))", .missingField)
        } else if !paymentMeans.contains(method) {
            fail("method", "SmartCredit knows the payment means \(paymentMeans.joined(separator: ", "))")
        }
        let amount = request.order.amount
        if amount.currency.code != "EUR" { fail("order.currency", "SmartCredit takes EUR only", .currency) }
        if amount.minorUnits <= 0 { fail("order.amount", "SmartCredit needs a positive amount") }
        let product = isFranFinance ? (limits.franFinance, "FranFinance (\(method))") : (limits.hanseatic, "Hanseatic Bank credit (REVOLVINGPOS)")
        if amount.minorUnits > 0, paymentMeans.contains(method), let problem = product.0.problem(amount.minorUnits, what: product.1) {
            errors.append(problem)
        }

        var body: JSONObject = [:]
        body["orderId"] = .string(request.order.reference)
        body["normalReturnUrl"] = .string(request.returnURLs.success)
        body["paymentMean"] = .string(method)
        body["amount"] = decimal(amount)

        guard let customer = request.customer else {
            fail("customer", "SmartCredit needs the buyer: name, e-mail, phone, civility and address", .missingField)
            return .failure(Failures(errors: errors))
        }
        body["customerId"] = .string(customer.accountID ?? customer.email ?? "")
        let contact = self.contact(customer, errors: &errors)
        body["customerContact"] = contact
        let country = isFranFinance ? "FR" : method == "REVOLVINGPOS" ? "DE" : nil
        let billing = address(customer.address, field: "customer.address", country: country, errors: &errors)
        body["customerAddress"] = billing
        if isFranFinance {
            // PROVIDERS.md C: billing and delivery address and contact are mandatory for FranFinance
            // products. Without a shipping address the goods go to the buyer's own address.
            body["billingAddress"] = billing
            body["billingContact"] = contact
            body["deliveryAddress"] = customer.shippingAddress.map {
                address($0, field: "customer.shipping_address", country: nil, errors: &errors)
            } ?? billing
            body["deliveryContact"] = contact
        }
        body["shoppingCartDetail"] = cart(request.order, errors: &errors)
        return errors.isEmpty ? .success(.object(body)) : .failure(Failures(errors: errors))
    }

    /// The field errors of a request, as one error value.
    struct Failures: Error, Sendable {
        var errors: [ProviderFieldError]
    }

    /// An amount as a JSON number written from its decimal text (`10.99`), never a float.
    static func decimal(_ money: Money) -> JSONValue {
        .number(JSONNumber(literal: money.decimalString) ?? JSONNumber(0))
    }

    // customerContact {firstName, lastName, email, mobile, phone, title: "Mr."|"Mrs."}.
    private static func contact(_ customer: ProviderCheckoutRequest.Customer, errors: inout [ProviderFieldError]) -> JSONValue {
        func required(_ value: String?, _ field: String) -> String {
            guard let value, !value.isEmpty else {
                errors.append(.missing(field, "SmartCredit requires it"))
                return ""
            }
            return value
        }
        let phone = required(customer.phone, "customer.phone")
        if !phone.isEmpty, !isPhoneNumber(phone) {
            errors.append(ProviderFieldError(field: "customer.phone",
                                             message: "SmartCredit takes an international number such as +33 6 12 34 56 78 (^\\+(?:[0-9] ?){6,14}[0-9]$)"))
        }
        let title: String
        switch customer.civility {
        case "Mr": title = "Mr."
        case "Ms": title = "Mrs."
        default:
            errors.append(ProviderFieldError(field: "customer.civility", message: "SmartCredit requires the title: Mr or Ms",
                                             reason: customer.civility == nil ? .missingField : .invalidField))
            title = ""
        }
        return .object([
            "firstName": .string(required(customer.firstName, "customer.first_name")),
            "lastName": .string(required(customer.lastName, "customer.last_name")),
            "email": .string(required(customer.email, "customer.email")),
            "mobile": .string(phone),
            "phone": .string(phone),
            "title": .string(title),
        ])
    }

    // Address {street, zipCode, city, country (ISO alpha-2)}.
    private static func address(_ address: ProviderCheckoutRequest.Address?, field: String, country expected: String?,
                                errors: inout [ProviderFieldError]) -> JSONValue {
        guard let address else {
            errors.append(.missing(field, "SmartCredit requires the buyer's address"))
            return .null
        }
        func required(_ value: String?, _ name: String) -> String {
            guard let value, !value.isEmpty else {
                errors.append(.missing("\(field).\(name)", "SmartCredit requires it"))
                return ""
            }
            return value
        }
        var street = required(address.street, "street")
        if let number = address.streetNumber, !number.isEmpty {
            // French addresses put the number first ("12 rue de la Paix"), German ones after.
            street = address.country == "FR" ? "\(number) \(street)" : "\(street) \(number)"
        }
        let country = required(address.country, "country")
        if let expected, !country.isEmpty, country != expected {
            let who = expected == "FR" ? "FranFinance split payments are for residents of France (FR)"
                                       : "Hanseatic Bank credit (REVOLVINGPOS) is for residents of Germany (DE)"
            errors.append(ProviderFieldError(field: "\(field).country", message: who, reason: .country))
        }
        return .object([
            "street": .string(street),
            "zipCode": .string(required(address.postalCode, "postal_code")),
            "city": .string(required(address.city, "city")),
            "country": .string(country),
        ])
    }

    // shoppingCartDetail {mainProduct, shoppingCartTotalAmount, shoppingCartTotalQuantity, SKU,
    // shoppingCartItemList [{productName, productUnitAmount, productQuantity, productDescription}]}.
    private static func cart(_ order: ProviderCheckoutRequest.OrderDetails, errors: inout [ProviderFieldError]) -> JSONValue {
        guard !order.items.isEmpty else {
            errors.append(.missing("order.items", "SmartCredit requires the shopping cart's items"))
            return .null
        }
        var list: [JSONValue] = []
        var quantity = 0
        var total: Int64 = 0
        var main: (index: Int, total: Int64)?
        for (index, item) in order.items.enumerated() {
            if item.kind == .coupon {
                errors.append(ProviderFieldError(field: "order.items[\(index)].type",
                                                 message: "SmartCredit's shopping cart has no discount lines; lower the article prices instead"))
                continue
            }
            if item.name.isEmpty { errors.append(ProviderFieldError(field: "order.items[\(index)].name", message: "SmartCredit requires a product name")) }
            // Checked: the quantities and prices are the shop's numbers, and Swift traps on overflow.
            guard let line = item.total, case (let sum, false) = total.addingReportingOverflow(line),
                  case (let count, false) = quantity.addingReportingOverflow(item.quantity) else {
                errors.append(ProviderFieldError(field: "order.items[\(index)].unit_amount", message: "SmartCredit: the basket total does not fit in a 64-bit amount"))
                return .null
            }
            (total, quantity) = (sum, count)
            if item.kind == .article, line > (main?.total ?? -1) { main = (index, line) }
            let unit = Money(minorUnits: item.unitAmount, currency: order.amount.currency)
            list.append(.object([
                "productName": .string(item.name), "productUnitAmount": decimal(unit),
                "productQuantity": .number(JSONNumber(item.quantity)), "productDescription": .string(item.name),
            ]))
        }
        guard errors.allSatisfy({ !$0.field.hasPrefix("order.items") }) else { return .null }
        guard total == order.amount.minorUnits else {
            errors.append(ProviderFieldError(field: "order.items", message: "SmartCredit: the items add up to \(total), not the amount \(order.amount.minorUnits)"))
            return .null
        }
        guard let main else {
            errors.append(ProviderFieldError(field: "order.items", message: "SmartCredit requires at least one article (the main product)"))
            return .null
        }
        let product = order.items[main.index]
        return .object([
            "mainProduct": .string(product.name), "SKU": .string(product.reference),
            "shoppingCartTotalAmount": decimal(order.amount), "shoppingCartTotalQuantity": .number(JSONNumber(quantity)),
            "shoppingCartItemList": .array(list),
        ])
    }

    /// Spec 1.1.0's phone pattern `^\+(?:[0-9] ?){6,14}[0-9]$`: a `+`, then 7 to 15 digits, each
    /// but the last optionally followed by one space.
    static func isPhoneNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        guard bytes.popFirst() == UInt8(ascii: "+"), let last = bytes.last, isDigit(last) else { return false }
        var digits = 0
        var previousWasDigit = false
        for byte in bytes {
            if isDigit(byte) {
                digits += 1
                previousWasDigit = true
            } else if byte == UInt8(ascii: " ") && previousWasDigit {
                previousWasDigit = false
            } else {
                return false
            }
        }
        return (7...15).contains(digits)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
