import JSON
import Payments

extension CheckoutRequest {
    /// `customer`: every member optional, each checked at its JSON path; nil when it is not an object.
    static func parseCustomer(_ c: JSONCursor, errors: inout FieldErrors) -> ProviderCheckoutRequest.Customer? {
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
