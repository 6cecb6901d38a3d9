/// An amount of money: integer minor units of one currency (4485 EUR is €44.85).
///
/// Amounts are never held as floating point. The decimal forms some providers want
/// (SmartPay `10.99`, SmartCredit decimal amounts) are produced and parsed as text, digit by
/// digit, so no rounding can creep in.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount in the currency's minor unit (cents for EUR, yen for JPY).
    public let minorUnits: Int64
    /// The currency.
    public let currency: Currency

    /// An amount of `minorUnits` in `currency`.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// `44.85 EUR`.
    public var description: String { "\(decimalString) \(currency.code)" }
}
