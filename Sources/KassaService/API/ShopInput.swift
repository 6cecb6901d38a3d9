/// The rules for strings a shop sends that Kassa stores, echoes or puts into a header: each
/// answers the reason a value is refused (a field error's message), or nil when it is fine.
enum ShopInput {
    /// The longest return URL accepted (browsers and proxies handle 2,048 everywhere).
    static let maxURLLength = 2048

    /// Why `text` is not a return URL Kassa may send a buyer to, or nil.
    ///
    /// The URL goes into a `Location` header and the buyer's browser, so it must be absolute
    /// `http(s)` (RFC 9110 §4.2), visible ASCII only (a CR or LF would split the header; RFC 3986
    /// §2 has no raw space, control or non-ASCII character), without a backslash (browsers read it
    /// as `/`, parsers do not), without userinfo (RFC 9110 §4.2.4: deprecated, and the way
    /// `https://shop.example@evil.example` phishes), and without a fragment (Kassa appends the
    /// outcome to the query; after a `#` it would be lost).
    static func urlProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxURLLength else { return "must be at most \(maxURLLength) characters" }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "must not contain control characters (CR, LF, NUL, TAB…)" }
        if bytes.contains(0x20) { return "must not contain spaces; percent-encode them" }
        if bytes.contains(where: { $0 > 0x7F }) { return "must be ASCII; percent-encode other characters" }
        if bytes.contains(UInt8(ascii: "\\")) { return "must not contain a backslash" }
        if bytes.contains(UInt8(ascii: "#")) { return "must not contain a #fragment" }
        let lower = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: lower.hasPrefix) else { return "must be an absolute http(s) URL" }
        let rest = bytes.dropFirst(scheme.utf8.count)
        let authority = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") }
        if authority.contains(UInt8(ascii: "@")) { return "must not contain userinfo (user@)" }
        guard isHostAndPort(authority) else { return "must be an absolute http(s) URL with a valid host" }
        return nil
    }

    /// Why `text` is not printable text, or nil: C0 and C1 controls (NUL included) and DEL are
    /// refused, since a stored reference must be fetchable again by URL and printable in a log.
    static func textProblem(_ text: String) -> String? {
        let isControl = text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        return isControl ? "must not contain control characters (NUL, CR, LF, TAB, C1…)" : nil
    }

    /// Why `key` is not an `Idempotency-Key`, or nil: 1 to 255 printable ASCII characters
    /// (Stripe's rule), so it is bounded and safe in a log.
    static func idempotencyKeyProblem(_ key: String) -> String? {
        let bytes = key.utf8
        guard !bytes.isEmpty, bytes.count <= 255 else { return "must be 1 to 255 characters" }
        guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return "must be printable ASCII" }
        return nil
    }

    // `host[:port]`: a reg-name or IPv4 of RFC 3986 §3.2.2 characters, then an optional port of
    // at most 5 digits up to 65535. An IPv6 literal (`[…]`) is refused: a shop's return page has
    // a name, and bracketed hosts are where URL parsers disagree (`http://[0]`).
    private static func isHostAndPort(_ authority: ArraySlice<UInt8>) -> Bool {
        let colon = UInt8(ascii: ":")
        var host = authority
        if let index = authority.firstIndex(of: colon) {
            guard isPort(authority[authority.index(after: index)...]) else { return false }
            host = authority[..<index]
        }
        return !host.isEmpty && host.allSatisfy(isRegNameByte)
    }

    private static func isPort(_ digits: ArraySlice<UInt8>) -> Bool {
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) } <= 65535
    }


    // RFC 3986 §3.2.2 reg-name: unreserved, pct-encoded and sub-delims.
    private static func isRegNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"): true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="): true
        default: false
        }
    }
}
