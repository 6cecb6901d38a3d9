import Payments

/// Amounts of the demo shop, with the currency's own exponent (`Payments.Currency`).
enum DemoMoney {
    static func text(_ minor: Int64, currency: String = DemoCatalog.currency) -> String {
        let exponent = Currency(code: currency)?.exponent ?? 2
        let digits = String(minor.magnitude)
        let sign = minor < 0 ? "-" : ""
        guard exponent > 0 else { return "\(sign)\(digits) \(currency)" }
        let padded = String(repeating: "0", count: max(0, exponent + 1 - digits.count)) + digits
        return "\(sign)\(padded.dropLast(exponent)).\(padded.suffix(exponent)) \(currency)"
    }
}
