/// Why a document is not acceptable JSON: which rule, at which byte offset, and a message
/// safe to return to a client (it quotes at most a short, escaped excerpt of the input).
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: String, Hashable, Sendable {
        case unexpectedEnd = "unexpected_end"
        case unexpectedCharacter = "unexpected_character"
        case trailingComma = "trailing_comma"
        case trailingData = "trailing_data"
        case invalidNumber = "invalid_number"
        case leadingZero = "leading_zero"
        case invalidLiteral = "invalid_literal"
        case controlCharacter = "control_character_in_string"
        case invalidEscape = "invalid_escape"
        case invalidSurrogate = "invalid_surrogate"
        case invalidUTF8 = "invalid_utf8"
        case duplicateKey = "duplicate_key"
        case tooDeep = "too_deep"
        case tooLarge = "too_large"
        case stringTooLong = "string_too_long"
        case tooManyElements = "too_many_elements"
    }

    private let code: Code
    /// The byte offset in the document where the problem was found.
    public let offset: Int
    /// A human sentence, e.g. `duplicate key "amount"` (no offset; see `description`).
    public let message: String

    private init(_ code: Code, _ offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    /// A fixed, low-cardinality identifier, safe as a metric label or in a response.
    public var shortDescription: String { code.rawValue }

    /// `invalid JSON at byte 17: duplicate key "amount"`.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }

    /// Whether a limit (depth, size, string length, element count) was hit, rather than a
    /// syntax rule: an API answers 413 or 422 for those instead of 400.
    public var isLimit: Bool {
        switch code {
        case .tooDeep, .tooLarge, .stringTooLong, .tooManyElements: true
        default: false
        }
    }

    /// Equal when the rule broken is the same, wherever it was: `error == .duplicateKey`.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the rule only, as `==` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    // One value per code, for comparisons: `XCTAssertEqual(error, .duplicateKey)`.
    public static let unexpectedEnd = Self(.unexpectedEnd, 0, "")
    public static let unexpectedCharacter = Self(.unexpectedCharacter, 0, "")
    public static let trailingComma = Self(.trailingComma, 0, "")
    public static let trailingData = Self(.trailingData, 0, "")
    public static let invalidNumber = Self(.invalidNumber, 0, "")
    public static let leadingZero = Self(.leadingZero, 0, "")
    public static let invalidLiteral = Self(.invalidLiteral, 0, "")
    public static let controlCharacter = Self(.controlCharacter, 0, "")
    public static let invalidEscape = Self(.invalidEscape, 0, "")
    public static let invalidSurrogate = Self(.invalidSurrogate, 0, "")
    public static let invalidUTF8 = Self(.invalidUTF8, 0, "")
    public static let duplicateKey = Self(.duplicateKey, 0, "")
    public static let tooDeep = Self(.tooDeep, 0, "")
    public static let tooLarge = Self(.tooLarge, 0, "")
    public static let stringTooLong = Self(.stringTooLong, 0, "")
    public static let tooManyElements = Self(.tooManyElements, 0, "")
}

extension JSONParseError {
    static func unexpectedEnd(at offset: Int, expecting: String) -> Self {
        Self(.unexpectedEnd, offset, "unexpected end of input, expected \(expecting)")
    }
    static func unexpectedCharacter(_ byte: UInt8, at offset: Int, expecting: String) -> Self {
        Self(.unexpectedCharacter, offset, "unexpected \(describe(byte)), expected \(expecting)")
    }
    static func trailingComma(at offset: Int) -> Self {
        Self(.trailingComma, offset, "trailing comma")
    }
    static func trailingData(_ byte: UInt8, at offset: Int) -> Self {
        Self(.trailingData, offset, "unexpected \(describe(byte)) after the top-level value")
    }
    static func invalidNumber(at offset: Int) -> Self {
        Self(.invalidNumber, offset, "invalid number: a digit is missing")
    }
    static func leadingZero(at offset: Int) -> Self {
        Self(.leadingZero, offset, "invalid number: leading zero")
    }
    static func invalidLiteral(at offset: Int) -> Self {
        Self(.invalidLiteral, offset, "invalid literal: only true, false and null are allowed")
    }
    static func controlCharacter(_ byte: UInt8, at offset: Int) -> Self {
        Self(.controlCharacter, offset, "unescaped control character \(describe(byte)) in string")
    }
    static func invalidEscape(at offset: Int) -> Self {
        Self(.invalidEscape, offset, "invalid escape sequence in string")
    }
    static func invalidSurrogate(at offset: Int) -> Self {
        Self(.invalidSurrogate, offset, "unpaired UTF-16 surrogate in \\u escape")
    }
    static func invalidUTF8(at offset: Int) -> Self {
        Self(.invalidUTF8, offset, "invalid UTF-8")
    }
    static func duplicateKey(_ key: String, at offset: Int) -> Self {
        Self(.duplicateKey, offset, "duplicate key \(excerpt(key))")
    }
    static func tooDeep(limit: Int, at offset: Int) -> Self {
        Self(.tooDeep, offset, "nesting deeper than \(limit) levels")
    }
    static func tooLarge(limit: Int) -> Self {
        Self(.tooLarge, 0, "document larger than \(limit) bytes")
    }
    static func stringTooLong(limit: Int, at offset: Int) -> Self {
        Self(.stringTooLong, offset, "string or number longer than \(limit) bytes")
    }
    static func tooManyElements(limit: Int, at offset: Int) -> Self {
        Self(.tooManyElements, offset, "more than \(limit) array elements and object members")
    }

    /// `'x'` for printable ASCII, `byte 0x0A` otherwise: never raw input.
    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    /// The key as a JSON string, cut to 40 characters: a hostile key must not flood logs.
    private static func excerpt(_ key: String) -> String {
        let short = key.count > 40 ? String(key.prefix(40)) + "…" : key
        return String(decoding: JSONValue.string(short).serialized(), as: UTF8.self)
    }
}
