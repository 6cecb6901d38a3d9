import JSON

/// A SmartPay amount: a JSON decimal with the currency's exponent (seed 001: `"amount": 10.99`
/// EUR; PROVIDERS.md B: "decimal 18.2"), held here as integer minor units. Read and written
/// from the digits, never through a binary float, so that `0.01` and the largest amount come
/// back exactly as they went in.
struct SmartPayAmount: Sendable, Equatable {
    /// Integer digits allowed at most ("decimal 18.2": 18 digits, 2 of them after the point).
    static let maxIntegerDigits = 16

    /// The amount in minor units (1099 for 10.99 EUR, 1099 for 1099 JPY).
    let minorUnits: Int64
    /// The ISO 4217 code.
    let currency: String

    /// An amount of `minorUnits` in `currency`.
    init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Why a decimal was refused.
    enum Refusal: Error, Equatable {
        /// Not a plain number (a string, a negative number, zero).
        case notPositive
        /// More digits after the point than the currency has (`10.999` EUR, `10.5` JPY).
        case tooPrecise(exponent: Int)
        /// Beyond decimal 18.2.
        case tooLarge
    }

    /// The minor units of `number` in a currency of `exponent`: `10.99` → 1099 (exponent 2),
    /// `10.990` → 1099 (zeros beyond the exponent are not precision), `1.099e1` → 1099.
    static func minorUnits(of number: JSONNumber, exponent: Int) throws(Refusal) -> Int64 {
        let literal = Array(number.literal.utf8)
        guard literal.first != UInt8(ascii: "-") else { throw .notPositive }
        var digits: [UInt8] = []
        var scale = 0
        var i = 0
        while i < literal.count, isDigit(literal[i]) { digits.append(literal[i] - 48); i += 1 }
        if i < literal.count, literal[i] == UInt8(ascii: ".") {
            i += 1
            while i < literal.count, isDigit(literal[i]) { digits.append(literal[i] - 48); scale -= 1; i += 1 }
        }
        if i < literal.count, literal[i] == UInt8(ascii: "e") || literal[i] == UInt8(ascii: "E") {
            i += 1
            var isNegative = false
            if i < literal.count, literal[i] == UInt8(ascii: "+") || literal[i] == UInt8(ascii: "-") {
                isNegative = literal[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponentValue = 0
            // Saturated: any exponent this large is out of range or all fraction anyway.
            while i < literal.count, isDigit(literal[i]) { exponentValue = min(exponentValue * 10 + Int(literal[i] - 48), 1_000); i += 1 }
            scale += isNegative ? -exponentValue : exponentValue
        }
        // Trailing zeros carry no precision: drop them into the scale.
        while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast(); scale += 1 }
        while let first = digits.first, first == 0, digits.count > 1 { digits.removeFirst() }
        guard digits != [0] else { throw .notPositive }
        // The amount is digits × 10^scale; in minor units, digits × 10^(scale + exponent).
        let shift = scale + exponent
        guard shift >= 0 else { throw .tooPrecise(exponent: exponent) }
        guard digits.count + shift <= maxIntegerDigits + exponent else { throw .tooLarge }
        var value: Int64 = 0
        for digit in digits + Array(repeating: 0, count: shift) {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(Int64(digit))
            guard !overflow, !carry else { throw .tooLarge }
            value = sum
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// The JSON decimal with exactly the currency's digits after the point: 1099 EUR → `10.99`,
    /// 1000 EUR → `10.00`, 1099 JPY → `1099`.
    func json(exponent: Int) -> JSONValue {
        let digits = String(minorUnits)
        guard exponent > 0 else { return .number(JSONNumber(minorUnits)) }
        let padded = String(repeating: "0", count: max(0, exponent + 1 - digits.count)) + digits
        let literal = padded.dropLast(exponent) + "." + padded.suffix(exponent)
        return .number(JSONNumber(literal: String(literal))!)
    }
}

/// ISO 4217 minor-unit digits of the currencies the simulator accepts. Exponent 0 and 3 are
/// listed in full from the ISO table; the others listed are 2. An unknown code is refused
/// rather than guessed (a wrong exponent scales an amount by 10 or 100).
enum SmartPayCurrency {
    /// The exponent of `code`, or nil when the code is not accepted.
    static func exponent(of code: String) -> Int? { exponents[code] }

    private static let exponents: [String: Int] = {
        var table: [String: Int] = [:]
        for code in ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                     "UYI", "VND", "VUV", "XAF", "XOF", "XPF"] { table[code] = 0 }
        for code in ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] { table[code] = 3 }
        for code in ["AED", "ARS", "AUD", "BAM", "BGN", "BRL", "CAD", "CHF", "CNY", "COP", "CZK",
                     "DKK", "EGP", "EUR", "GBP", "GEL", "HKD", "HUF", "IDR", "ILS", "INR", "MAD",
                     "MDL", "MKD", "MXN", "MYR", "NOK", "NZD", "PEN", "PHP", "PLN", "QAR", "RON",
                     "RSD", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "ZAR"] { table[code] = 2 }
        return table
    }()
}
