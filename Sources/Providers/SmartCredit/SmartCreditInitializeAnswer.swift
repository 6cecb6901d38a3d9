import Payments

/// The `text/plain` answer of initialize (PROVIDERS.md C, "Response"): either the URL of the
/// Hanseatic Bank journey or the HTML page of the FranFinance one. The two are told apart by
/// reading the text — an absolute http(s) URL and nothing else, or an HTML document — never by
/// the payment mean asked for; anything else is not a documented answer.
enum SmartCreditInitializeAnswer: Sendable, Equatable {
    /// Send the buyer here.
    case redirect(url: String)
    /// Show the buyer this page.
    case page(html: String)

    /// The largest page kept (it is stored with the attempt and served at `/pay/{id}`).
    static let maximumPageBytes = 256 * 1024
    /// The longest URL taken (RFC 9110 §4.1 recommends supporting 8000 octets).
    static let maximumURLBytes = 8000

    /// Reads `body`; `invalidResponse` when it is neither.
    init(body: [UInt8]) throws(ProviderError) {
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .invalidResponse("SmartCredit answered initialize with text that is not UTF-8")
        }
        let trimmed = Self.trimmed(text)
        if let url = Self.absoluteURL(trimmed) {
            self = .redirect(url: url)
        } else if Self.isHTMLDocument(trimmed) {
            guard body.count <= Self.maximumPageBytes else {
                throw .invalidResponse("SmartCredit answered initialize with a page of \(body.count) bytes, more than the \(Self.maximumPageBytes) kept")
            }
            self = .page(html: text)
        } else {
            throw .invalidResponse("SmartCredit answered initialize with text that is neither a URL nor an HTML page (\(body.count) bytes)")
        }
    }

    /// `text` without surrounding whitespace and a byte order mark.
    static func trimmed(_ text: String) -> Substring {
        var slice = Substring(text)
        while let first = slice.unicodeScalars.first, first == "\u{FEFF}" || first.properties.isWhitespace {
            slice = slice.dropFirst()
        }
        while let last = slice.unicodeScalars.last, last.properties.isWhitespace { slice = slice.dropLast() }
        return slice
    }

    /// `text` when it is one absolute http(s) URL with a host (RFC 3986 §4.3) and no space,
    /// control or non-ASCII character anywhere in it; nil otherwise.
    static func absoluteURL(_ text: Substring) -> String? {
        let bytes = Array(text.utf8)
        guard (1...maximumURLBytes).contains(bytes.count),
              bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") })
        else { return nil }
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return nil }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.prefix { $0 != ":" } } ?? ""
        guard !host.isEmpty, !authority.contains("@") else { return nil }
        return String(text)
    }

    /// True when `text` starts as an HTML document does (HTML §13.1: an optional doctype and
    /// comments, then the `html` element, or the `head` or `body` the parser infers it
    /// around) and is complete: it closes its `body` or `html` element and ends with a tag.
    static func isHTMLDocument(_ text: Substring) -> Bool {
        var rest = text
        // Leading comments are allowed before the doctype (HTML §13.1.1).
        while rest.hasPrefix("<!--") {
            guard let end = rest.firstRange(of: "-->") else { return false }
            rest = trimmed(String(rest[end.upperBound...]))
        }
        let head = rest.prefix(16).lowercased()
        let opensDocument = head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<head") || head.hasPrefix("<body")
        let lower = rest.lowercased()
        return opensDocument && rest.hasSuffix(">") && (lower.contains("</body>") || lower.contains("</html>"))
    }
}
