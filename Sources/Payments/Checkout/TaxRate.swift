/// A tax rate in percent with at most two decimal places (19, 5.5, 8.1, 2.75), kept exactly as
/// hundredths of a percent: a binary float would carry 8.1 as 8.0999…, and a provider that
/// checks the tax of a line against its price would then disagree with the shop.
public struct TaxRate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The rate in hundredths of a percent (550 = 5.5 %), 0 to 10 000.
    public let hundredths: Int

    /// A rate of `hundredths` / 100 percent; nil outside 0 to 100 %.
    public init?(hundredths: Int) {
        guard (0...10_000).contains(hundredths) else { return nil }
        self.hundredths = hundredths
    }

    /// A whole percentage (19 = 19 %); nil outside 0 to 100.
    public init?(percent: Int) {
        guard (0...100).contains(percent) else { return nil }
        self.init(hundredths: percent * 100)
    }

    /// Zero (a line without tax).
    public static let zero = TaxRate(hundredths: 0)!

    /// Reads a plain decimal (`19`, `5.5`, `8.10`): digits, optionally a point and one or two
    /// digits; no sign, no exponent. Nil for anything else or a rate above 100 %.
    public init?(decimal text: String) {
        let bytes = Array(text.utf8)
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
        // At most three digits before the point: anything longer is above 100 % or a padded
        // literal, and the bound keeps the sum below from overflowing.
        guard (1...3).contains(whole.count), whole.allSatisfy(isDigit),
              point == nil || (1...2).contains(fraction.count), fraction.allSatisfy(isDigit) else { return nil }
        var value = whole.reduce(0) { $0 * 10 + Int($1 - 48) } * 100
        for (index, digit) in fraction.enumerated() { value += Int(digit - 48) * (index == 0 ? 10 : 1) }
        self.init(hundredths: value)
    }

    /// The shortest decimal: `19`, `5.5`, `8.1`, `2.75` — a valid JSON number literal.
    public var description: String {
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(whole)" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// True when the rate is a whole percentage.
    public var isWholePercent: Bool { hundredths % 100 == 0 }

    public static func < (a: TaxRate, b: TaxRate) -> Bool { a.hundredths < b.hundredths }
}

extension TaxRate: ExpressibleByIntegerLiteral {
    /// A whole percentage written in code (`taxRate: 19`); a literal outside 0 to 100 is a
    /// programming error.
    public init(integerLiteral percent: Int) {
        guard let rate = TaxRate(percent: percent) else { preconditionFailure("tax rate \(percent) % is not 0 to 100") }
        self = rate
    }
}
