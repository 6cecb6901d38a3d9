import JSON
import Payments

/// The plugin settings Kassa signs for a checkout (seed 003, "Settings" and "Signature of the
/// parameters"): every setting except the callbacks and the container, checked against the
/// seed's rules and the account's limits first, each problem naming the request's field.
enum PledgPluginSettings {
    /// The request fields Pledg would refuse, as one error.
    struct FieldErrors: Error {
        var errors: [ProviderFieldError]
    }

    /// Seed 003: `amountCents` "the maximum value is currently 1000000".
    static let maxAmount: Int64 = 1_000_000
    /// Seed 003: `currency` "only EUR, GBP, CZK and NZD are supported".
    static let currencies = ["EUR", "GBP", "CZK", "NZD"]
    /// Seed 003: `lang` "de_DE, en_GB, es_ES, fr_FR, it_IT and nl_NL only", by language.
    static let languages = ["de": "de_DE", "en": "en_GB", "es": "es_ES", "fr": "fr_FR", "it": "it_IT", "nl": "nl_NL"]

    /// The settings for `request` with `account`, or every field Pledg would refuse.
    static func make(_ request: ProviderCheckoutRequest, account: PledgAccount) -> Result<JSONObject, FieldErrors> {
        var errors: [ProviderFieldError] = []
        func fail(_ field: String, _ message: String, _ reason: ProviderFieldError.Reason = .invalidField) {
            errors.append(ProviderFieldError(field: field, message: message, reason: reason))
        }
        let amount = request.order.amount
        if amount.minorUnits > maxAmount { fail("order.amount", "Pledg takes at most \(maxAmount) minor units", .amountAboveMaximum) }
        if let minimum = account.minimumAmount, amount.minorUnits < minimum {
            fail("order.amount", "the \(account.paymentType.rawValue) account takes at least \(minimum) minor units", .amountBelowMinimum)
        }
        if let maximum = account.maximumAmount, amount.minorUnits > maximum {
            fail("order.amount", "the \(account.paymentType.rawValue) account takes at most \(maximum) minor units", .amountAboveMaximum)
        }
        if !currencies.contains(amount.currency.code) { fail("order.currency", "Pledg takes only EUR, GBP, CZK and NZD", .currency) }

        let customer = request.customer
        let email = customer?.email ?? ""
        if email.isEmpty { fail("customer.email", "Pledg needs the buyer's e-mail address", .missingField) }
        if (customer?.firstName ?? "").isEmpty { fail("customer.first_name", "Pledg needs the buyer's first name", .missingField) }
        if (customer?.lastName ?? "").isEmpty { fail("customer.last_name", "Pledg needs the buyer's last name", .missingField) }
        if let civility = customer?.civility, civility != "Mr" && civility != "Ms" { fail("customer.civility", "must be Mr or Ms") }
        if let phone = customer?.phone, !isE164(phone) { fail("customer.phone", "must be an E.164 number such as +33612345678") }
        if let birth = customer?.birthDate, PledgDate(birth) == nil { fail("customer.birth_date", "must be a date YYYY-MM-DD") }
        // Seed 003: "Address is mandatory" (installment, deferred, down payment), and "country
        // must be equal to FR for installment and deferred payments".
        let scored: Set<PledgPaymentType> = [.installment, .deferred, .downPayment]
        if scored.contains(account.paymentType) {
            if customer?.address == nil { fail("customer.address", "Pledg needs the billing address for \(account.paymentType.rawValue)", .missingField) }
            if customer?.civility == nil { fail("customer.civility", "Pledg needs the civility (Mr or Ms) for \(account.paymentType.rawValue)", .missingField) }
            if customer?.phone == nil { fail("customer.phone", "Pledg needs an E.164 phone number for \(account.paymentType.rawValue)", .missingField) }
        }
        let country = customer?.address?.country
        if account.paymentType == .installment || account.paymentType == .deferred, let address = customer?.address, address.country != "FR" {
            fail("customer.address.country", "must be FR for \(account.paymentType.rawValue) payments", address.country == nil ? .missingField : .country)
        } else if !account.countries.isEmpty, let country, !account.countries.contains(country) {
            fail("customer.address.country", "the \(account.paymentType.rawValue) account takes only \(account.countries.joined(separator: ", "))", .country)
        }
        guard errors.isEmpty else { return .failure(FieldErrors(errors: errors)) }

        var data: JSONObject = [
            "merchantUid": .string(account.merchantUID),
            "amountCents": .number(JSONNumber(amount.minorUnits)),
            "currency": .string(amount.currency.code),
            "email": .string(email),
            "firstName": .string(customer?.firstName ?? ""),
            "lastName": .string(customer?.lastName ?? ""),
            "title": .string(title(request.order)),
            // The checkout id: a retry is a new attempt, and seed 003 says a completed reference
            // cannot be used again.
            "reference": .string(request.checkoutID.rawValue),
            "paymentNotificationUrl": .string(notificationURL(request)),
            "redirectUrl": .string(request.returnURLs.success),
            "cancelUrl": .string(request.returnURLs.cancel),
        ]
        if let lang = language(request.locale) { data["lang"] = .string(lang) }
        if let civility = customer?.civility { data["civility"] = .string(civility) }
        if let phone = customer?.phone { data["phoneNumber"] = .string(phone) }
        if let birth = customer?.birthDate { data["birthDate"] = .string(birth) }
        if let address = customer?.address { data["address"] = addressJSON(address) }
        if let address = customer?.shippingAddress { data["shippingAddress"] = addressJSON(address) }
        if let country { data["countryCode"] = .string(country) }
        return .success(data)
    }

    /// Kassa's webhook URL with the checkout's currency: the transfer notification's payload
    /// carries only `amount_cents`, and the amount is checked with the currency asked for.
    static func notificationURL(_ request: ProviderCheckoutRequest) -> String {
        let separator = request.notificationURL.contains("?") ? "&" : "?"
        return request.notificationURL + separator + "currency=" + request.order.amount.currency.code
    }

    /// `title` is required: the order's description, or its reference.
    static func title(_ order: ProviderCheckoutRequest.OrderDetails) -> String {
        let description = order.description ?? ""
        return description.isEmpty ? "Order \(order.reference)" : String(description.prefix(200))
    }

    /// `de-DE`, `de_DE` or `de` → `de_DE`; a language Pledg does not offer → nil (Pledg's fr_FR).
    static func language(_ locale: String?) -> String? {
        guard let locale else { return nil }
        return languages[String(locale.prefix(2)).lowercased()]
    }

    /// E.164: `+`, then 8 to 15 digits, the first not 0.
    static func isE164(_ phone: String) -> Bool {
        let bytes = Array(phone.utf8)
        guard bytes.first == UInt8(ascii: "+"), (9...16).contains(bytes.count), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
    }

    private static func addressJSON(_ address: ProviderCheckoutRequest.Address) -> JSONValue {
        let street = [address.streetNumber, address.street].compactMap { $0 }.joined(separator: " ")
        return .object([
            "street": .string(street), "city": .string(address.city ?? ""), "zipcode": .string(address.postalCode ?? ""),
            "stateProvince": .string(address.state ?? ""), "country": .string(address.country ?? ""),
        ])
    }
}
