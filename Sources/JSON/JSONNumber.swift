/// A JSON number, kept as its literal text so that nothing is rounded on the way through:
/// `12345678901234567890123` and `0.1` come out exactly as they came in.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal, valid per RFC 8259 §6 (`-? int frac? exp?`).
    public let literal: String

    /// A number from a literal already checked by the parser.
    init(uncheckedLiteral literal: String) {
        self.literal = literal
    }

    /// A number from its literal; nil unless the literal follows RFC 8259 §6 exactly.
    public init?(literal: String) {
        let bytes = Array(literal.utf8)
        let end = bytes.withUnsafeBufferPointer { NumberGrammar.length(of: $0, from: 0) }
        guard !bytes.isEmpty, end == bytes.count else { return nil }
        self.literal = literal
    }

    /// An integer.
    public init<T: BinaryInteger>(_ value: T) {
        literal = String(value)
    }

    /// A finite floating-point number, written in Swift's shortest round-tripping form;
    /// nil for NaN and the infinities, which JSON cannot represent.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        // Swift writes "5.0", "1e-05", "1.5e+20": each is a valid JSON number.
        literal = value == value.rounded(.towardZero) && abs(value) < 1e15
            ? String(Int64(value)) : "\(value)"
    }

    /// Whether the literal has neither a fraction nor an exponent.
    public var isIntegerLiteral: Bool {
        !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The exact value, when the number is an integer within `Int64`, however it is written:
    /// `4485`, `4485.0` and `4.485e3` are 4485 (JSON Schema's `integer` is any number whose
    /// fractional part is zero, and the OpenAPI document promises exactly that); `44.85`,
    /// `1e-2` and `9223372036854775808` are nil. Computed from the digits, never via `Double`.
    public var int64: Int64? {
        if isIntegerLiteral { return Int64(literal) }
        return IntegralValue.int64(of: Array(literal.utf8))
    }

    /// The nearest `Double`; ±infinity when the magnitude is beyond `Double`'s range.
    public var double: Double {
        Double(literal) ?? (literal.hasPrefix("-") ? -.infinity : .infinity)
    }

    /// The literal.
    public var description: String { literal }
}

extension JSONNumber: ExpressibleByIntegerLiteral {
    /// A number from an integer literal.
    public init(integerLiteral value: Int64) {
        self.init(value)
    }
}

/// RFC 8259 §6's number grammar over bytes, shared by the parser and `JSONNumber(literal:)`.
enum NumberGrammar {
    /// Why a number did not parse.
    enum Failure: Error {
        case leadingZero(offset: Int)
        case missingDigit(offset: Int)
    }

    /// How many bytes from `start` form a number, or nil when no number starts there.
    static func length(of bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        try? scan(bytes, from: start)
    }

    /// The end offset of the number at `start`, or a precise failure.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(Failure) -> Int {
        var i = start
        let count = bytes.count
        if i < count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < count, isDigit(bytes[i]) else { throw .missingDigit(offset: i) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            // RFC 8259 §6: leading zeros are not allowed.
            if i < count, isDigit(bytes[i]) { throw .leadingZero(offset: i - 1) }
        } else {
            while i < count, isDigit(bytes[i]) { i += 1 }
        }
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < count, isDigit(bytes[i]) else { throw .missingDigit(offset: i) }
            while i < count, isDigit(bytes[i]) { i += 1 }
        }
        if i < count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < count, isDigit(bytes[i]) else { throw .missingDigit(offset: i) }
            while i < count, isDigit(bytes[i]) { i += 1 }
        }
        return i
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
