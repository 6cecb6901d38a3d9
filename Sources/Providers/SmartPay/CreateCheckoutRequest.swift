import JSON
import Payments

extension SmartPayProvider {
    /// `partnerReference` and `modificationId` are at most 64 characters (PROVIDERS.md B).
    static let maxReferenceLength = 64
    /// `payment.description` is at most 127 characters (PROVIDERS.md B, Create Checkout).
    static let maxDescriptionLength = 127
    /// `payment.amount` is a decimal 18.2 (PROVIDERS.md B): at most 18 digits in all.
    static let maxAmountDigits = 18

    /// What SmartPay could not take in `request`, every field at once, named as in Kassa's
    /// API. `consumer` and `billingAddress` carry what seed 001's example sends, so their
    /// fields are required; the shipping address is checked the same way when given.
    static func fieldErrors(_ request: ProviderCheckoutRequest) -> [ProviderFieldError] {
        var errors: [ProviderFieldError] = []
        func require(_ value: String?, _ field: String) {
            if value?.isEmpty ?? true { errors.append(.missing(field, "SmartPay needs this field")) }
        }
        if !(1...maxReferenceLength).contains(request.checkoutID.rawValue.count) {
            errors.append(ProviderFieldError(field: "checkout", message: "partnerReference must be 1 to \(maxReferenceLength) characters"))
        }
        let amount = request.order.amount
        if amount.minorUnits <= 0 {
            errors.append(ProviderFieldError(field: "order.amount", message: "must be positive"))
        } else if amount.decimalString.filter(\.isNumber).count > maxAmountDigits {
            errors.append(ProviderFieldError(field: "order.amount", message: "SmartPay takes at most \(maxAmountDigits) digits (decimal 18.2)",
                                             reason: .amountAboveMaximum))
        }
        if let description = request.order.description, description.count > maxDescriptionLength {
            errors.append(ProviderFieldError(field: "order.description", message: "SmartPay takes at most \(maxDescriptionLength) characters"))
        }
        guard let customer = request.customer else {
            return errors + [.missing("customer", "SmartPay needs the buyer: first_name, last_name, email and address")]
        }
        require(customer.firstName, "customer.first_name")
        require(customer.lastName, "customer.last_name")
        require(customer.email, "customer.email")
        if let account = customer.accountID, !(1...maxReferenceLength).contains(account.count) {
            errors.append(ProviderFieldError(field: "customer.account_id", message: "SmartPay takes 1 to \(maxReferenceLength) characters"))
        }
        for (address, field) in [(customer.address, "customer.address"), (customer.shippingAddress, "customer.shipping_address")] {
            guard let address else {
                if field == "customer.address" {
                    errors.append(.missing(field, "SmartPay needs the billing address: street, city, postal_code, country"))
                }
                continue
            }
            require(address.street, field + ".street")
            require(address.city, field + ".city")
            require(address.postalCode, field + ".postal_code")
            require(address.country, field + ".country")
        }
        return errors
    }

    /// The Create Checkout body of seed 001 (`POST {Base URL}/payment/creation`): the checkout
    /// id as `partnerReference`, the amount as a JSON decimal written digit by digit from minor
    /// units (1099 EUR → `10.99`, 1099 JPY → `1099`; never through a binary float).
    static func makeCreateCheckoutBody(_ request: ProviderCheckoutRequest, merchantKey: String) throws(ProviderError) -> JSONValue {
        if let first = fieldErrors(request).first { throw .invalidRequest(first.message, field: first.field) }
        guard let customer = request.customer, let billing = customer.address,
              let number = JSONNumber(literal: request.order.amount.decimalString) else {
            throw .invalidRequest("SmartPay needs the buyer", field: "customer")
        }
        var consumer: JSONObject = [
            "firstName": .string(customer.firstName ?? ""), "lastName": .string(customer.lastName ?? ""),
            "emailAddress": .string(customer.email ?? ""),
        ]
        if let phone = customer.phone { consumer["phoneNumber"] = .string(phone) }
        var body: JSONObject = [
            "merchantKey": .string(merchantKey),
            "partnerReference": .string(request.checkoutID.rawValue),
            "payment": ["amount": .number(number), "currencyCode": .string(request.order.amount.currency.code),
                        "description": .string(description(of: request))],
            "consumer": .object(consumer),
            "billingAddress": address(billing),
        ]
        if let shipping = customer.shippingAddress { body["shippingAddress"] = address(shipping) }
        if let account = customer.accountID { body["customerAccountId"] = .string(account) }
        return .object(body)
    }

    /// The order's description, or one made from its reference, cut to SmartPay's 127
    /// characters (SmartPay shows it to the buyer).
    private static func description(of request: ProviderCheckoutRequest) -> String {
        request.order.description ?? String("Order \(request.order.reference)".prefix(maxDescriptionLength))
    }

    /// Seed 001's `billingAddress {addressLine1, number, city, postCode, countryCode}`.
    private static func address(_ a: ProviderCheckoutRequest.Address) -> JSONValue {
        var object: JSONObject = ["addressLine1": .string(a.street ?? "")]
        if let number = a.streetNumber { object["number"] = .string(number) }
        object["city"] = .string(a.city ?? "")
        object["postCode"] = .string(a.postalCode ?? "")
        object["countryCode"] = .string(a.country ?? "")
        return .object(object)
    }

    /// `Accept-Language` from the checkout's BCP 47 locale (`de-DE`); seed 001's `en-US`
    /// without one. Only letters, digits and hyphens reach the header.
    static func acceptLanguage(_ locale: String?) -> String {
        guard let locale, (2...35).contains(locale.utf8.count),
              locale.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D })
        else { return "en-US" }
        return locale
    }
}
