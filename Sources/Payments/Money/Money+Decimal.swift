import FoundationEssentials

extension Money {
    /// The amount as a decimal string with exactly the currency's exponent of fraction digits:
    /// 1099 EUR → `10.99`, 5 EUR → `0.05`, 1000 JPY → `1000`, -150 EUR → `-1.50`.
    public var decimalString: String {
        let exponent = currency.exponent
        // The magnitude as UInt64 so Int64.min does not trap on negation.
        let magnitude = minorUnits.magnitude
        var digits = String(magnitude)
        if exponent > 0 {
            if digits.count <= exponent {
                digits = String(repeating: "0", count: exponent - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -exponent))
        }
        return minorUnits < 0 ? "-" + digits : digits
    }

    /// Parses a provider's decimal amount exactly, or returns nil.
    ///
    /// Accepts an optional `-`, digits, and an optional fraction. Fraction digits beyond the
    /// currency's exponent are accepted only when they are zeros (`10.990` EUR is 1099;
    /// `10.995` EUR is nil, because it is not a whole number of cents). Exponents (`1e3`),
    /// signs other than a leading `-`, spaces, thousands separators and overflow are nil.
    public init?(decimal text: String, currency: Currency) {
        var bytes = Substring(text).utf8[...]
        let isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return nil }
        let fraction = parts.count == 2 ? parts[1] : Substring("").utf8[...]
        if parts.count == 2 && fraction.isEmpty { return nil }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard whole.allSatisfy(isDigit), fraction.allSatisfy(isDigit) else { return nil }
        // Digits past the minor unit must be zeros, otherwise the value is not representable.
        guard fraction.dropFirst(currency.exponent).allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
        let kept = Array(fraction.prefix(currency.exponent))
        let padded = kept + Array(repeating: UInt8(ascii: "0"), count: currency.exponent - kept.count)
        // Accumulated towards the sign, every step checked, so that Int64.min (which
        // `decimalString` writes) reads back and one more digit is nil rather than a trap.
        var value: Int64 = 0
        for digit in Array(whole) + padded {
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let step = Int64(digit - UInt8(ascii: "0"))
            let (next, o2) = isNegative ? shifted.subtractingReportingOverflow(step) : shifted.addingReportingOverflow(step)
            guard !o1, !o2 else { return nil }
            value = next
        }
        self.init(minorUnits: value, currency: currency)
    }

    /// Converts a `Decimal` (as decoded from a provider's JSON number) exactly, or returns nil
    /// when it has more precision than the currency's minor unit or does not fit in Int64.
    public init?(exactly decimal: Decimal, currency: Currency) {
        guard decimal.isFinite else { return nil }
        // Decimal's description is plain positional notation ("10.99", "-0.5"), never an
        // exponent form, so the exact text parser above applies.
        self.init(decimal: decimal.description, currency: currency)
    }

    /// The amount as a Foundation `Decimal` (exact: built from the integer and the exponent).
    public var decimalValue: Decimal {
        Decimal(sign: minorUnits < 0 ? .minus : .plus,
                exponent: -currency.exponent,
                significand: Decimal(minorUnits.magnitude))
    }
}
