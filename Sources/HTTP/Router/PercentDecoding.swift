/// Percent-decoding (RFC 3986 §2.1) and `application/x-www-form-urlencoded` queries.
public enum PercentDecoding {
    /// Decodes `%XX` escapes; nil on a malformed escape, an escaped NUL (`%00`, which no path
    /// segment or query value of Kassa's means, and which C code downstream would cut at; nginx
    /// refuses it too) or bytes that are not UTF-8. With `plusAsSpace`, `+` is a space (form
    /// encoding).
    public static func decode(_ text: Substring, plusAsSpace: Bool = false) -> String? {
        let utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "%")) || (plusAsSpace && utf8.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < utf8.count, let hi = ByteClass.hexValue(utf8[i + 1]),
                      let lo = ByteClass.hexValue(utf8[i + 2]), hi | lo != 0 else { return nil }
                out.append(UInt8(hi << 4 | lo))
                i += 3
            } else {
                out.append(plusAsSpace && b == UInt8(ascii: "+") ? ByteClass.sp : b)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}

/// Query strings as ordered name/value pairs.
public enum QueryString {
    /// `a=1&b=x%20y&c` → [("a","1"), ("b","x y"), ("c","")]. Pairs that do not decode are dropped.
    public static func parse(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusAsSpace: true), !name.isEmpty,
                  let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusAsSpace: true)
            else { return nil }
            return (name, value)
        }
    }
}
