/// An ISO 4217 currency with the number of digits after the decimal point of its minor unit.
///
/// Only currencies in the table are accepted: an unknown code is a validation error at the
/// API, never a guess at its exponent (a wrong exponent scales an amount by 10 or 100).
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The upper-case three-letter ISO 4217 code, e.g. `EUR`.
    public let code: String
    /// Digits of the minor unit: 2 for EUR (cents), 0 for JPY, 3 for KWD.
    public let exponent: Int

    /// The currency for `code` (case-insensitive), or nil when it is not in the ISO 4217 table.
    public init?(code: String) {
        let upper = code.uppercased()
        guard let exponent = Currency.exponents[upper] else { return nil }
        self.code = upper
        self.exponent = exponent
    }

    /// The code, e.g. `EUR`.
    public var description: String { code }

    /// Euro.
    public static let eur = Currency(code: "EUR")!
    /// US dollar.
    public static let usd = Currency(code: "USD")!
    /// Japanese yen (no minor unit).
    public static let jpy = Currency(code: "JPY")!
    /// Kuwaiti dinar (three-digit minor unit).
    public static let kwd = Currency(code: "KWD")!

    /// Every code `init(code:)` accepts, sorted (the API's `order.currency` enum).
    public static var knownCodes: [String] { exponents.keys.sorted() }

    // ISO 4217 "minor unit" column for the currencies a European merchant meets. Exponent 0 and 3
    // are listed exhaustively (from the ISO table); everything else here is 2.
    private static let exponents: [String: Int] = {
        var table: [String: Int] = [:]
        for code in ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                     "UYI", "VND", "VUV", "XAF", "XOF", "XPF"] {
            table[code] = 0
        }
        for code in ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] {
            table[code] = 3
        }
        for code in ["AED", "ARS", "AUD", "BAM", "BGN", "BRL", "CAD", "CHF", "CNY", "COP", "CZK",
                     "DKK", "EGP", "EUR", "GBP", "GEL", "HKD", "HUF", "IDR", "ILS", "INR", "MAD",
                     "MDL", "MKD", "MXN", "MYR", "NOK", "NZD", "PEN", "PHP", "PLN", "QAR", "RON",
                     "RSD", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "ZAR"] {
            table[code] = 2
        }
        return table
    }()
}
