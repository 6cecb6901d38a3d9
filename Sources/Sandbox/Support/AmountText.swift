/// Amounts as a simulator's pages show them: minor units with the currency's own ISO 4217
/// exponent (`4485 EUR` → `44.85 EUR`, `100 JPY` → `100 JPY`, `1234 KWD` → `1.234 KWD`).
///
/// The simulators keep their own exponent table rather than Kassa's (`Payments.Currency`): a
/// simulator stands for the provider, so a wrong exponent on Kassa's side shows up as a wrong
/// amount against it instead of being shared by both.
public enum AmountText {
    /// ISO 4217's minor-unit column: the codes with 0 and with 3 decimals; every other code has 2.
    static let noDecimals: Set<String> = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                                          "UYI", "VND", "VUV", "XAF", "XOF", "XPF"]
    static let threeDecimals: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    /// The number of decimals of `currency` (case-insensitive).
    public static func exponent(of currency: String) -> Int {
        let code = currency.uppercased()
        return noDecimals.contains(code) ? 0 : threeDecimals.contains(code) ? 3 : 2
    }

    /// `minor` as a decimal with the currency's exponent and the code: `-44.85 EUR`.
    public static func format(_ minor: Int, currency: String) -> String {
        decimal(minor, exponent: exponent(of: currency)) + " " + currency.uppercased()
    }

    /// `minor` as a plain decimal with `exponent` digits after the point (`1099`, 2 → `10.99`).
    public static func decimal(_ minor: Int, exponent: Int) -> String {
        let magnitude = String(minor.magnitude)
        let sign = minor < 0 ? "-" : ""
        guard exponent > 0 else { return sign + magnitude }
        let padded = String(repeating: "0", count: max(0, exponent + 1 - magnitude.count)) + magnitude
        return sign + padded.dropLast(exponent) + "." + padded.suffix(exponent)
    }
}
