/// The exact integer a number literal with a fraction or an exponent denotes (`1.0`, `15e-1`
/// is not one, `1.5e1` is 15), for `JSONNumber.int64`. The literal is valid RFC 8259 §6.
enum IntegralValue {
    /// The value within `Int64`, or nil when the literal has a non-zero fraction or is out of range.
    static func int64(of literal: [UInt8]) -> Int64? {
        var i = 0
        let isNegative = literal.first == UInt8(ascii: "-")
        if isNegative { i += 1 }
        // Significant digits, and the power of ten they are scaled by.
        var digits: [UInt8] = []
        var scale = 0
        while i < literal.count, NumberGrammar.isDigit(literal[i]) { digits.append(literal[i] - UInt8(ascii: "0")); i += 1 }
        if i < literal.count, literal[i] == UInt8(ascii: ".") {
            i += 1
            while i < literal.count, NumberGrammar.isDigit(literal[i]) {
                digits.append(literal[i] - UInt8(ascii: "0"))
                scale -= 1
                i += 1
            }
        }
        if i < literal.count, literal[i] == UInt8(ascii: "e") || literal[i] == UInt8(ascii: "E") {
            i += 1
            var exponentIsNegative = false
            if i < literal.count, literal[i] == UInt8(ascii: "+") || literal[i] == UInt8(ascii: "-") {
                exponentIsNegative = literal[i] == UInt8(ascii: "-")
                i += 1
            }
            // Saturated: an exponent beyond a million is out of range (or zero) whatever the digits.
            var exponent = 0
            while i < literal.count, NumberGrammar.isDigit(literal[i]) {
                exponent = min(exponent * 10 + Int(literal[i] - UInt8(ascii: "0")), 1_000_000)
                i += 1
            }
            scale += exponentIsNegative ? -exponent : exponent
        }
        // Linear in the literal's length (which the parser bounds): no element is removed one by one.
        guard let first = digits.firstIndex(where: { $0 != 0 }), let last = digits.lastIndex(where: { $0 != 0 }) else { return 0 }
        scale += digits.count - 1 - last
        let significant = digits[first...last]
        // A fraction left: not an integer. More than 19 digits: beyond Int64.
        guard scale >= 0, significant.count + scale <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for digit in significant + Array(repeating: 0, count: scale) {
            let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return nil }
            magnitude = sum
        }
        if isNegative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }
}
