import Crypto

/// The `Content-Security-Policy` of a provider's page served at `/pay/{id}`, as strict as that
/// page allows (CSP 3): nothing is allowed by default, and each directive lists only what the
/// page itself uses — its inline scripts by SHA-256 hash, its inline event handlers by hash
/// with `'unsafe-hashes'`, the origins of its external scripts, images, frames and styles,
/// and the origins its forms post to. No frame may hold it and it cannot set a `<base>`.
///
/// The page is read with a small tag scanner, not a full HTML parser: it only has to find
/// what the page asks for; whatever it misses is blocked by the browser, never allowed.
struct HostedPagePolicy: Equatable {
    private(set) var scripts: [String] = []
    private(set) var handlers: [String] = []
    private(set) var styles: [String] = []
    private(set) var images: [String] = []
    private(set) var frames: [String] = []
    private(set) var forms: [String] = []
    private(set) var hasInlineStyle = false

    /// The policy `html` needs.
    init(html: String) {
        var scanner = TagScanner(html)
        while let tag = scanner.next() {
            for (name, value) in tag.attributes where name.hasPrefix("on") && name.count > 2 {
                add(Self.hash(value), to: &handlers)
            }
            if tag.attributes.contains(where: { $0.name == "style" }) { hasInlineStyle = true }
            switch tag.name {
            case "script":
                if let source = tag.attribute("src") {
                    add(Self.origin(source), to: &scripts)
                } else {
                    add(Self.hash(scanner.rawText(until: "script")), to: &scripts)
                }
            case "style":
                _ = scanner.rawText(until: "style")
                hasInlineStyle = true
            case "link" where tag.attribute("rel")?.lowercased() == "stylesheet":
                if let href = tag.attribute("href") { add(Self.origin(href), to: &styles) }
            case "img":
                if let source = tag.attribute("src") { add(Self.origin(source), to: &images) }
            case "iframe":
                if let source = tag.attribute("src") { add(Self.origin(source), to: &frames) }
            case "form":
                add(tag.attribute("action").map(Self.origin) ?? "'self'", to: &forms)
            default:
                break
            }
        }
    }

    /// The header value.
    var headerValue: String {
        var directives = ["default-src 'none'"]
        let scriptSources = scripts + (handlers.isEmpty ? [] : ["'unsafe-hashes'"] + handlers)
        if !scriptSources.isEmpty { directives.append("script-src " + scriptSources.joined(separator: " ")) }
        let styleSources = styles + (hasInlineStyle ? ["'unsafe-inline'"] : [])
        if !styleSources.isEmpty { directives.append("style-src " + styleSources.joined(separator: " ")) }
        if !images.isEmpty { directives.append("img-src " + images.joined(separator: " ")) }
        if !frames.isEmpty { directives.append("frame-src " + frames.joined(separator: " ")) }
        directives.append("form-action " + (forms.isEmpty ? "'none'" : forms.joined(separator: " ")))
        directives.append("frame-ancestors 'none'")
        directives.append("base-uri 'none'")
        return directives.joined(separator: "; ")
    }

    private func add(_ source: String?, to list: inout [String]) {
        guard let source, !list.contains(source) else { return }
        list.append(source)
    }

    /// `'sha256-…'` of a script's text (CSP 3 §8.4: the UTF-8 bytes as they are in the page).
    static func hash(_ text: String) -> String {
        "'sha256-" + Base64.encode(SHA256.hash(Array(text.utf8))) + "'"
    }

    /// The origin of a URL for a source list: `https://host[:port]`; `'self'` for a relative
    /// one; `data:` for a data URL; nil (nothing allowed) for anything else.
    static func origin(_ url: String) -> String? {
        let lower = url.lowercased()
        if lower.hasPrefix("data:") { return "data:" }
        guard let schemeEnd = lower.firstRange(of: "://") else {
            return lower.contains(":") ? nil : "'self'"
        }
        let scheme = lower[..<schemeEnd.lowerBound]
        guard scheme == "https" || scheme == "http" else { return nil }
        let authority = lower[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@").last ?? ""
        // A source expression allows only host characters; anything odd allows nothing.
        guard !hostPort.isEmpty, hostPort.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) }), hostPort.allSatisfy(\.isASCII) else {
            return nil
        }
        return "\(scheme)://\(hostPort)"
    }
}

/// Start tags of an HTML text with their attributes (names lowercased, entities left as they
/// are), skipping comments, doctypes and end tags.
struct TagScanner {
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
        func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
    }

    private let text: [Character]
    private var position = 0

    init(_ html: String) { text = Array(html) }

    /// The next start tag, or nil at the end.
    mutating func next() -> Tag? {
        while position < text.count {
            guard text[position] == "<" else { position += 1; continue }
            if starts(with: "<!--") {
                position = index(after: "-->", from: position + 4)
                continue
            }
            position += 1
            guard position < text.count, text[position].isLetter else {
                position = index(after: ">", from: position)
                continue
            }
            let name = String(read { $0.isLetter || $0.isNumber || $0 == "-" }).lowercased()
            var attributes: [(name: String, value: String)] = []
            while position < text.count {
                skip { $0.isWhitespace || $0 == "/" }
                guard position < text.count, text[position] != ">" else { break }
                let attribute = String(read { !$0.isWhitespace && $0 != "=" && $0 != ">" && $0 != "/" }).lowercased()
                skip { $0.isWhitespace }
                var value = ""
                if position < text.count, text[position] == "=" {
                    position += 1
                    skip { $0.isWhitespace }
                    if position < text.count, text[position] == "\"" || text[position] == "'" {
                        let quote = text[position]
                        position += 1
                        value = String(read { $0 != quote })
                        position += 1
                    } else {
                        value = String(read { !$0.isWhitespace && $0 != ">" })
                    }
                }
                if attribute.isEmpty { position += 1 } else { attributes.append((attribute, value)) }
            }
            position += 1
            return Tag(name: name, attributes: attributes)
        }
        return nil
    }

    /// The raw text of a `script` or `style` element, up to its end tag (HTML §13.1.2.1).
    mutating func rawText(until element: String) -> String {
        let start = position
        let end = "</" + element
        while position < text.count {
            if text[position] == "<", String(text[position..<min(text.count, position + end.count)]).lowercased() == end {
                let content = String(text[start..<position])
                position = index(after: ">", from: position)
                return content
            }
            position += 1
        }
        return String(text[start...])
    }

    private func starts(with prefix: String) -> Bool {
        position + prefix.count <= text.count && String(text[position..<position + prefix.count]) == prefix
    }

    private func index(after marker: String, from start: Int) -> Int {
        let marker = Array(marker)
        var i = start
        while i + marker.count <= text.count {
            if Array(text[i..<i + marker.count]) == marker { return i + marker.count }
            i += 1
        }
        return text.count
    }

    private mutating func read(while predicate: (Character) -> Bool) -> ArraySlice<Character> {
        let start = position
        while position < text.count, predicate(text[position]) { position += 1 }
        return text[start..<position]
    }

    private mutating func skip(while predicate: (Character) -> Bool) { _ = read(while: predicate) }
}
