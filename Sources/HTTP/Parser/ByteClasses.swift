/// Character classes of RFC 9110 §5.6 over raw bytes.
enum ByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// tchar (RFC 9110 §5.6.2) as two 64-bit masks over ASCII: DIGIT, ALPHA and "!#$%&'*+-.^_`|~".
    private static let tcharLow: UInt64 = 0x03FF_6CFA_0000_0000   // 0x00–0x3F: ! # $ % & ' * + - . 0–9
    private static let tcharHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE  // 0x40–0x7F: A–Z ^ _ ` a–z | ~

    /// tchar: the characters of a token (methods, field names, codings).
    @inline(__always) static func isTokenChar(_ b: UInt8) -> Bool {
        b < 64 ? (tcharLow >> UInt64(b)) & 1 == 1 : b < 128 && (tcharHigh >> UInt64(b - 64)) & 1 == 1
    }

    /// field-vchar, SP, HTAB or obs-text: what a field value may hold (RFC 9110 §5.5).
    @inline(__always) static func isFieldValueChar(_ b: UInt8) -> Bool {
        b == htab || (b >= 0x20 && b != 0x7F)
    }

    /// A visible ASCII character, as a request-target may hold (RFC 3986 characters are a subset).
    @inline(__always) static func isTargetChar(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }

    @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool { b == sp || b == htab }

    /// The value of a hex digit, or nil.
    @inline(__always) static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
