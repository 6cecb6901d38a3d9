import JSON

/// Reads one object of an `Application` body, naming each failure by its dotted path in the
/// spec's words: 400 `invalid_input_data` "Field [Field name] is not a valid [format]".
struct ApplicationFields {
    /// The longest text field the simulator takes (the spec gives none; 255 is its choice).
    static let maxTextLength = 255

    let object: JSONObject
    /// The object's path (`customerContact`), "" at the top.
    let path: String

    /// The object at `value`, named `path`.
    init(_ value: JSONValue?, path: String) throws(SmartCreditError) {
        guard case .object(let object)? = value else { throw .invalidInput(path, "object") }
        self.object = object
        self.path = path
    }

    /// The full name of the member `name`.
    func field(_ name: String) -> String { path.isEmpty ? name : path + "." + name }

    /// A required non-blank string of at most `maxLength` characters, without control
    /// characters other than tab, line feed and carriage return.
    func text(_ name: String, maxLength: Int = maxTextLength) throws(SmartCreditError) -> String {
        guard case .string(let value)? = object[name], !value.allSatisfy(\.isWhitespace), value.count <= maxLength,
              !value.unicodeScalars.contains(where: { ($0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0)) || $0.value == 0x7F })
        else { throw .invalidInput(field(name), "string") }
        return value
    }

    /// An optional string member: nil when absent or null, else as `text(_:)`.
    func optionalText(_ name: String) throws(SmartCreditError) -> String? {
        guard let value = object[name], value != .null else { return nil }
        return try text(name)
    }

    /// A required decimal amount in cents (`amount`, `productUnitAmount`): at most two
    /// fraction digits, never negative; `isPositive` refuses zero too.
    func cents(_ name: String, isPositive: Bool) throws(SmartCreditError) -> Int {
        guard case .number(let number)? = object[name], let cents = DecimalAmount.cents(number),
              cents > 0 || !isPositive else { throw .invalidInput(field(name), "decimal") }
        return cents
    }

    /// A required positive whole number (`productQuantity`, `shoppingCartTotalQuantity`).
    func quantity(_ name: String) throws(SmartCreditError) -> Int {
        guard case .number(let number)? = object[name], number.isIntegerLiteral, let value = number.int64,
              value > 0, value <= 1_000_000 else { throw .invalidInput(field(name), "quantity") }
        return Int(value)
    }

    /// A required phone number matching the 1.1.0 spec's `^\+(?:[0-9] ?){6,14}[0-9]$`.
    func phone(_ name: String) throws(SmartCreditError) -> String {
        let value = try text(name)
        guard Self.isPhoneNumber(value) else { throw .invalidInput(field(name), "phone number") }
        return value
    }

    /// A required e-mail address ("contact's email address with valid format"): one `@`
    /// between a non-empty local part and a dotted domain, no spaces.
    func email(_ name: String) throws(SmartCreditError) -> String {
        let value = try text(name)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !value.contains(" "),
              parts[1].split(separator: ".", omittingEmptySubsequences: false).count >= 2,
              !parts[1].split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
        else { throw .invalidInput(field(name), "email") }
        return value
    }

    /// `^\+(?:[0-9] ?){6,14}[0-9]$`: a plus, then 7 to 15 digits, each but the last maybe
    /// followed by one space.
    static func isPhoneNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "+"), let last = bytes.last, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(last) else {
            return false
        }
        var digits = 0
        var previousIsDigit = false
        for byte in bytes.dropFirst() {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits += 1
                previousIsDigit = true
            } else if byte == UInt8(ascii: " ") && previousIsDigit {
                previousIsDigit = false
            } else {
                return false
            }
        }
        return (7...15).contains(digits)
    }
}
