/// A path pattern such as `/v1/checkouts/{id}`: literal segments and named parameters.
/// Validated when built, so a typo fails at start-up, not at request time. The router matches
/// with it; middleware that must know the route before dispatch (authentication, metric
/// labels) takes the router's own match (`Router.match` and its route's tag).
public struct RoutePattern: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The pattern as written.
    public let text: String
    let segments: [Segment]
    /// The text before the first parameter (all of it for a literal pattern).
    private let literalPrefix: String
    private let isLiteral: Bool

    /// Compiles `text`; a malformed pattern is a programmer error.
    public init(_ text: String) {
        precondition(text.hasPrefix("/"), "route pattern must start with '/': \(text)")
        self.text = text
        var names = Set<String>()
        segments = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                precondition(!name.isEmpty && names.insert(name).inserted, "bad or repeated parameter in \(text)")
                return .parameter(name)
            }
            precondition(!part.contains("{") && !part.contains("}"), "bad segment '\(part)' in \(text)")
            return .literal(String(part))
        }
        literalPrefix = String(text.prefix { $0 != "{" })
        isLiteral = !segments.contains { if case .parameter = $0 { true } else { false } }
    }

    /// The parameters if `path` matches, else nil. A path without percent-encoding is compared
    /// as text where it can be, and split only for a pattern with parameters that may match.
    public func match(_ path: inout RequestPath) -> [String: String]? {
        if path.isPlain {
            guard path.segmentCount == segments.count else { return nil }
            if isLiteral { return path.text == text ? [:] : nil }
            guard path.text.hasPrefix(literalPrefix) else { return nil }
        }
        guard let decoded = path.segments() else { return nil }
        return match(decoded)
    }

    /// The parameters if `path` (segments already percent-decoded, see `Router.segments(of:)`)
    /// matches, else nil.
    public func match(_ path: [String]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(segments, path) {
            switch segment {
            case .literal(let literal): guard literal == value else { return nil }
            case .parameter(let name):
                guard !value.isEmpty else { return nil }
                parameters[name] = value
            }
        }
        return parameters
    }
}

/// A request's path as routes match it: the text, and its decoded segments, split only when a
/// pattern needs them and then only once.
public struct RequestPath {
    /// The path, still percent-encoded.
    public let text: String
    /// Starts with "/" and has no "%": its segments are its text between slashes.
    let isPlain: Bool
    /// The number of segments (slashes) of a plain path.
    let segmentCount: Int
    private var decoded: [String]??

    public init(_ text: String) {
        self.text = text
        func scan(_ bytes: some Sequence<UInt8>) -> (slashes: Int, hasPercent: Bool) {
            var slashes = 0, hasPercent = false
            for byte in bytes {
                if byte == UInt8(ascii: "/") { slashes += 1 } else if byte == UInt8(ascii: "%") { hasPercent = true }
            }
            return (slashes, hasPercent)
        }
        let (slashes, hasPercent) = text.utf8.withContiguousStorageIfAvailable(scan) ?? scan(text.utf8)
        isPlain = !hasPercent && text.utf8.first == UInt8(ascii: "/")
        segmentCount = slashes
    }

    /// The segments, percent-decoded after splitting; nil for an invalid percent-encoding.
    public mutating func segments() -> [String]? {
        if let decoded { return decoded }
        let result = Router.segments(of: text)
        decoded = .some(result)
        return result
    }
}
