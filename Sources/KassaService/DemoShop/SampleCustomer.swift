import JSON

/// The buyer of the demo shop's form: prefilled with valid sample data for Germany or for
/// France (the switch on the basket page), editable, and sent as `customer` of
/// `POST /v1/payment-options` and `POST /v1/checkouts`. Every member SmartCredit and Pledg
/// ask for is filled in, so each provider's journey can start with the sample as it is.
struct SampleCustomer: Sendable, Equatable {
    /// The two samples.
    enum Country: String, Sendable, CaseIterable {
        case germany = "DE"
        case france = "FR"

        var name: String { self == .germany ? "Germany" : "France" }
        /// `locale` of the checkout.
        var locale: String { self == .germany ? "de-DE" : "fr-FR" }
    }

    /// The form's fields, in order: name, label.
    static let fields: [(name: String, label: String)] = [
        ("civility", "Civility (Mr, Ms)"), ("first_name", "First name"), ("last_name", "Last name"), ("email", "Email"),
        ("phone", "Phone"), ("street", "Street"), ("street_number", "Number"), ("postal_code", "Postal code"),
        ("city", "City"), ("country", "Country"),
    ]

    /// The values by field name.
    var values: [String: String]

    /// The sample of `country`.
    init(sample country: Country) {
        switch country {
        case .germany:
            values = ["civility": "Mr", "first_name": "Max", "last_name": "Mustermann", "email": "max@example.de",
                      "phone": "+491701234567", "street": "Hauptstr.", "street_number": "1", "postal_code": "10115",
                      "city": "Berlin", "country": "DE"]
        case .france:
            values = ["civility": "Ms", "first_name": "Marie", "last_name": "Dupont", "email": "marie@example.fr",
                      "phone": "+33612345678", "street": "rue de la Paix", "street_number": "12", "postal_code": "75002",
                      "city": "Paris", "country": "FR"]
        }
    }

    /// The customer a form sent: each known field as typed (at most 200 characters; Kassa
    /// validates the rest and names any bad field), the sample's value when the field is absent.
    init(fields: [(name: String, value: String)], country: Country) {
        self.init(sample: country)
        for (name, _) in Self.fields {
            if let value = fields.last(where: { $0.name == "customer_" + name })?.value {
                values[name] = String(value.prefix(200))
            }
        }
    }

    /// `customer` of the API; blank fields are left out (so Kassa reports them as missing).
    var json: JSONValue {
        func member(_ name: String) -> JSONValue? {
            guard let value = values[name], !value.allSatisfy({ $0 == " " }) else { return nil }
            return .string(value)
        }
        var customer = JSONObject()
        for name in ["email", "first_name", "last_name", "civility", "phone"] {
            if let value = member(name) { customer[name] = value }
        }
        var address = JSONObject()
        for name in ["street", "street_number", "postal_code", "city", "country"] {
            if let value = member(name) { address[name] = value }
        }
        if !address.members.isEmpty { customer["address"] = .object(address) }
        return .object(customer)
    }
}
