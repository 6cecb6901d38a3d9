/// A path pattern such as `/v1/checkouts/{id}`: literal segments and named parameters.
/// Validated when built, so a typo fails at start-up, not at request time. The router matches
/// with it; middleware that must know the route before dispatch (authentication, metric
/// labels) matches with the same type, so both always agree.
public struct RoutePattern: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The pattern as written.
    public let text: String
    let segments: [Segment]

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
