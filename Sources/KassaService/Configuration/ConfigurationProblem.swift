/// One thing wrong with the configuration: where (a JSON path like
/// `providers.secuconnect.client_id`, or an environment variable's name) and what. Messages
/// never contain a secret's value.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The field's path, or the variable's name.
    public let path: String
    /// What is wrong.
    public let message: String
    /// Where the value came from (`config/kassa.json`, `KASSA_PORT`…), when it matters.
    public let source: String?

    /// A problem at `path`.
    public init(path: String, message: String, source: String? = nil) {
        self.path = path
        self.message = message
        self.source = source
    }

    /// `providers.secuconnect.clinet_id: unknown key (in config/kassa.json)`.
    public var description: String {
        "\(path): \(message)" + (source.map { " (in \($0))" } ?? "")
    }

    /// A decoding failure, turned into words once the path and source are known.
    enum Message: Error {
        case expected(String, got: String? = nil)
        case outOfRange(ClosedRange<Int>)
        case notOneOf([String], got: String?)
        case malformedURL(got: String?)

        var text: String {
            switch self {
            case .expected(let what, let got): "expected \(what)" + (got.map { ", got \($0)" } ?? "")
            case .outOfRange(let range): "must be between \(range.lowerBound) and \(range.upperBound)"
            case .notOneOf(let choices, let got):
                (got.map { "\(Self.excerpt($0)) is not one of " } ?? "must be one of ") + choices.joined(separator: ", ")
            case .malformedURL(let got):
                (got.map { "\(Self.excerpt($0)) is " } ?? "") + "not a valid http(s) URL"
            }
        }

        private static func excerpt(_ text: String) -> String {
            "\"" + (text.count > 60 ? text.prefix(60) + "…" : text) + "\""
        }
    }
}

/// The configuration cannot be used: every problem found, all at once.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in the order found.
    public let problems: [ConfigurationProblem]

    /// One problem per line.
    public var description: String {
        "invalid configuration:\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
