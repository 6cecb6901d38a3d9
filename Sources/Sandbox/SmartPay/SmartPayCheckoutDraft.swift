import JSON

/// What a Create Checkout body asks for (seed 001, "Create Checkout"; PROVIDERS.md B), read and
/// checked: `merchantKey`, `payment{amount, currencyCode, description ≤ 127}`, and the optional
/// `partnerReference` (≤ 64), `customerAccountId`, `consumer`, `businessConsumer`,
/// `billingAddress`, `shippingAddress`. Each refusal names its field.
struct SmartPayCheckoutDraft: Sendable {
    let merchantKey: String
    let partnerReference: String?
    let customerAccountID: String?
    let description: String?
    let amount: SmartPayAmount
    /// The currency's minor-unit digits.
    let exponent: Int

    /// A draft from values already checked.
    init(merchantKey: String, partnerReference: String?, customerAccountID: String?, description: String?,
         amount: SmartPayAmount, exponent: Int) {
        self.merchantKey = merchantKey
        self.partnerReference = partnerReference
        self.customerAccountID = customerAccountID
        self.description = description
        self.amount = amount
        self.exponent = exponent
    }

    /// Reads a Create Checkout body.
    init(body: [UInt8]) throws(SmartPayError) {
        guard case .object(let object)? = try? JSONValue.parse(body) else { throw .notJSON }
        merchantKey = try Self.text(object, "merchantKey", maxLength: 64, isRequired: true)!
        partnerReference = try Self.text(object, "partnerReference", maxLength: 64)
        customerAccountID = try Self.text(object, "customerAccountId", maxLength: 64)
        guard let paymentValue = object["payment"] else { throw .invalidField("payment", "is required") }
        guard case .object(let payment) = paymentValue else { throw .invalidField("payment", "must be an object") }
        let currency = try Self.text(payment, "currencyCode", path: "payment.", maxLength: 3, isRequired: true)!
        guard let exponent = SmartPayCurrency.exponent(of: currency) else {
            throw .invalidField("payment.currencyCode", "must be an ISO 4217 code the simulator knows (EUR, USD, JPY, …)")
        }
        guard let amountValue = payment["amount"] else { throw .invalidField("payment.amount", "is required") }
        guard case .number(let number) = amountValue else { throw .invalidField("payment.amount", "must be a JSON number such as 10.99") }
        do throws(SmartPayAmount.Refusal) {
            amount = SmartPayAmount(minorUnits: try SmartPayAmount.minorUnits(of: number, exponent: exponent), currency: currency)
        } catch {
            switch error {
            case .notPositive: throw .invalidField("payment.amount", "must be greater than 0")
            case .tooPrecise(let digits): throw .invalidField("payment.amount", "has more than \(digits) digits after the point for \(currency)")
            case .tooLarge: throw .invalidField("payment.amount", "exceeds decimal(18,2): at most \(SmartPayAmount.maxIntegerDigits) digits before the point")
            }
        }
        self.exponent = exponent
        description = try Self.text(payment, "description", path: "payment.", maxLength: 127)
        for name in ["consumer", "businessConsumer", "billingAddress", "shippingAddress"] {
            guard let value = object[name], !value.isNull else { continue }
            guard case .object(let member) = value else { throw .invalidField(name, "must be an object") }
            if let country = member["countryCode"]?.stringValue {
                guard country.utf8.count == 2, country.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
                    throw .invalidField("\(name).countryCode", "must be an ISO 3166-1 alpha-2 code such as DE")
                }
            }
        }
    }

    /// The string member `name`: nil when absent or null (unless required), refused when it is
    /// not a string, empty, or longer than `maxLength` characters.
    private static func text(_ object: JSONObject, _ name: String, path: String = "", maxLength: Int,
                             isRequired: Bool = false) throws(SmartPayError) -> String? {
        guard let value = object[name], !value.isNull else {
            if isRequired { throw .invalidField(path + name, "is required") }
            return nil
        }
        guard let text = value.stringValue else { throw .invalidField(path + name, "must be a string") }
        guard !text.isEmpty else { throw .invalidField(path + name, "must not be empty") }
        guard text.count <= maxLength else { throw .invalidField(path + name, "must be at most \(maxLength) characters") }
        return text
    }
}
