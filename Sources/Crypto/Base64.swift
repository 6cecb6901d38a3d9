import FoundationEssentials

/// Standard base64 (RFC 4648 §4), with padding.
public enum Base64 {
    /// `bytes` as padded base64.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The bytes of padded base64 text, or nil if it is not valid base64.
    public static func decode(_ string: String) -> [UInt8]? {
        // Foundation rejects missing padding and stray characters, which is what RFC 4648 §3.3 asks.
        Data(base64Encoded: string).map { Array($0) }
    }
}

/// URL-safe base64 without padding (RFC 4648 §5, as JOSE uses it: RFC 7515 §2).
public enum Base64URL {
    /// `bytes` as base64url without `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out = Array(Base64.encode(bytes).utf8)
        while out.last == UInt8(ascii: "=") { out.removeLast() }
        for i in out.indices {
            switch out[i] {
            case UInt8(ascii: "+"): out[i] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): out[i] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of unpadded base64url text, or nil if it holds characters outside the URL-safe
    /// alphabet, padding, or an impossible length.
    public static func decode(_ string: String) -> [UInt8]? {
        var chars = Array(string.utf8)
        // RFC 7515 §2: base64url in JOSE never carries padding; a length of 1 mod 4 cannot occur.
        guard chars.count % 4 != 1 else { return nil }
        for i in chars.indices {
            switch chars[i] {
            case UInt8(ascii: "-"): chars[i] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): chars[i] = UInt8(ascii: "/")
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): return nil
            default: break
            }
        }
        chars.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - chars.count % 4) % 4))
        return Base64.decode(String(decoding: chars, as: UTF8.self))
    }
}
