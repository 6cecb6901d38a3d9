/// The origin of an absolute `http`/`https` URL (RFC 6454 §4: scheme, host, port), parsed
/// strictly enough that what a browser or an HTTP client would visit is what is compared:
/// any control character, space, backslash (browsers read it as `/` in these schemes) or
/// userinfo (`http://kassa@evil.example/`) makes the URL unacceptable instead of guessed at.
public struct URLOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`, lowercased.
    public let scheme: String
    /// The host, lowercased (an IPv6 literal keeps its brackets).
    public let host: String
    /// The port, the scheme's default when absent.
    public let port: Int

    /// The origin of `url`, or nil when it is not an acceptable absolute http(s) URL.
    public init?(url: String) {
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }) else { return nil }
        let lowered = url.lowercased()
        let scheme: String, rest: Substring
        var port: Int
        if lowered.hasPrefix("https://") {
            (scheme, port, rest) = ("https", 443, url.dropFirst(8))
        } else if lowered.hasPrefix("http://") {
            (scheme, port, rest) = ("http", 80, url.dropFirst(7))
        } else {
            return nil
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return nil }
        var hostPart = Substring(authority)
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            let digits = authority[authority.index(after: colon)...]
            hostPart = authority[..<colon]
            if !digits.isEmpty {
                guard digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                      let number = Int(digits), (1...65535).contains(number) else { return nil }
                port = number
            }
        }
        guard Self.isHost(hostPart) else { return nil }
        self.scheme = scheme
        self.host = hostPart.lowercased()
        self.port = port
    }

    /// A registered name of letters, digits, `-`, `.`, `_` (no percent-escapes, no IDN), or a
    /// bracketed IPv6 literal.
    private static func isHost(_ text: Substring) -> Bool {
        if text.hasPrefix("[") {
            let inner = text.dropFirst().dropLast()
            return text.count > 2 && text.hasSuffix("]") && inner.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }
    }

    /// `scheme://host:port`.
    public var description: String { "\(scheme)://\(host):\(port)" }
}
