import JSON

/// The plugin settings of one purchase, read from the signature's `data` (seed 003, "Settings"
/// and "Signature of the parameters") and checked as Pledg checks them: a missing or
/// malformed setting is an `invalid_request_error` naming it ("The provided property email is
/// invalid").
struct PurchaseSettings: Sendable, Equatable {
    /// Seed 003: "The maximum value is currently 1000000".
    static let maximumAmountCents = 1_000_000
    /// Seed 003, `currency`: "only EUR, GBP, CZK and NZD are supported".
    static let currencies = ["EUR", "GBP", "CZK", "NZD"]
    /// Seed 003, `lang`.
    static let languages = ["de_DE", "en_GB", "es_ES", "fr_FR", "it_IT", "nl_NL"]

    struct Address: Sendable, Equatable {
        var street, city, zipcode, stateProvince, country: String?
    }

    var merchantUID: String
    var amountCents: Int
    var email: String
    var firstName: String
    var lastName: String
    var reference: String
    var title: String
    var subtitle: String?
    var currency = "EUR"
    var lang = "fr_FR"
    var paymentNotificationURL: String?
    var redirectURL: String?
    var cancelURL: String?
    var civility: String?
    var phoneNumber: String?
    var address: Address?
    var secondInstallmentDate: CalendarDay?
    var deferredPaymentDate: CalendarDay?
    var balancePaymentDate: CalendarDay?
    /// `metadata`, echoed as `meta_data` in results and notifications.
    var metadata: JSONValue = .object([:])

    /// Reads `data`. `redirectUrl` and `cancelUrl` are required in a direct call of the front
    /// (seed 003: "The settings redirectUrl and cancelUrl are mandatory"), optional in the
    /// plugin's iframe.
    init(_ data: JSONObject, isDirectCall: Bool) throws(PledgError) {
        func string(_ name: String, required: Bool = false) throws(PledgError) -> String? {
            guard let value = data[name], !value.isNull else {
                if required { throw .invalidRequest("The property \(name) is required") }
                return nil
            }
            guard let text = value.stringValue, !text.isEmpty, text.count <= 2_048 else { throw Self.invalid(name) }
            return text
        }
        func day(_ name: String) throws(PledgError) -> CalendarDay? {
            guard let text = try string(name) else { return nil }
            guard let day = CalendarDay(text) else { throw Self.invalid(name) }
            return day
        }
        merchantUID = try string("merchantUid", required: true)!
        guard let amountValue = data["amountCents"] else { throw .invalidRequest("The property amountCents is required") }
        guard let amount = amountValue.wholeNumber, amount > 0, amount <= Self.maximumAmountCents else { throw Self.invalid("amountCents") }
        amountCents = amount
        email = try string("email", required: true)!
        guard Self.isEmail(email) else { throw Self.invalid("email") }
        firstName = try string("firstName", required: true)!
        lastName = try string("lastName", required: true)!
        reference = try string("reference", required: true)!
        title = try string("title", required: true)!
        subtitle = try string("subtitle")
        if let currency = try string("currency") {
            guard Self.currencies.contains(currency) else { throw Self.invalid("currency") }
            self.currency = currency
        }
        if let lang = try string("lang") {
            guard Self.languages.contains(lang) else { throw Self.invalid("lang") }
            self.lang = lang
        }
        paymentNotificationURL = try string("paymentNotificationUrl")
        redirectURL = try string("redirectUrl", required: isDirectCall)
        cancelURL = try string("cancelUrl", required: isDirectCall)
        civility = try string("civility")
        if let civility, civility != "Mr" && civility != "Ms" { throw Self.invalid("civility") }
        phoneNumber = try string("phoneNumber")
        if let phoneNumber, !Self.isE164(phoneNumber) { throw Self.invalid("phoneNumber") }
        if let value = data["address"], !value.isNull {
            guard let object = value.objectValue else { throw Self.invalid("address") }
            address = try Self.address(object, name: "address")
        }
        secondInstallmentDate = try day("secondInstallmentPaymentDate")
        deferredPaymentDate = try day("deferredPaymentDate")
        balancePaymentDate = try day("balancePaymentDate")
        _ = try day("birthDate")
        if let value = data["metadata"], !value.isNull {
            guard value.objectValue != nil else { throw Self.invalid("metadata") }
            metadata = value
        }
    }

    private static func address(_ object: JSONObject, name: String) throws(PledgError) -> Address {
        func field(_ key: String) throws(PledgError) -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let text = value.stringValue, text.count <= 256 else { throw Self.invalid("\(name).\(key)") }
            return text
        }
        let country = try field("country")
        // Seed 003: "the country must be an ISO 3166-1 alpha-2 code".
        if let country, !(country.utf8.count == 2 && country.utf8.allSatisfy { (65...90).contains($0) }) {
            throw Self.invalid("\(name).country")
        }
        return Address(street: try field("street"), city: try field("city"), zipcode: try field("zipcode"),
                       stateProvince: try field("stateProvince"), country: country)
    }

    private static func invalid(_ name: String) -> PledgError { .invalidRequest("The provided property \(name) is invalid") }

    /// One `@` with something on both sides and a dot in the domain: what a funnel checks.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }

    /// E.164: `+` then 8 to 15 digits, the first not 0 (ITU-T E.164 §6).
    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 9, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { (48...57).contains($0) }
    }
}
