import JSON

/// A JSON number read as an amount of money in cents, from its literal text so that nothing
/// passes through a binary float (the spec's `"type": "number", "format": "decimal"`).
enum DecimalAmount {
    /// The most cents an amount may have: 10^13 (a hundred billion), far above any basket and
    /// far below `Int.max`, so that sums of a few hundred amounts cannot overflow.
    static let maxCents = 10_000_000_000_000

    /// `114`, `47.5`, `44.85`, `44.850` → cents; nil for a negative number, an exponent
    /// (`4.485e1`), a fraction finer than a cent (`44.851`) or more than `maxCents`.
    static func cents(_ number: JSONNumber) -> Int? {
        let text = number.literal
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 14, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
              fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty,
              fraction.dropFirst(2).allSatisfy({ $0 == "0" }),
              let units = Int(whole) else { return nil }
        let cents2 = String(fraction.prefix(2)).padding(toLength: 2)
        guard let centsPart = Int(cents2) else { return nil }
        let (scaled, overflow1) = units.multipliedReportingOverflow(by: 100)
        let (total, overflow2) = scaled.addingReportingOverflow(centsPart)
        guard !overflow1, !overflow2, total <= maxCents else { return nil }
        return total
    }

    /// `4485` → `44.85`.
    static func text(_ cents: Int) -> String {
        let fraction = String(cents % 100)
        return "\(cents / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"
    }
}

extension String {
    /// The string with zeros appended up to `length` characters.
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: "0", count: length - count)
    }
}
