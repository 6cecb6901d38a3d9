/// A configuration value that must never be printed: API keys, client secrets, signing
/// secrets. Its description, debug description and mirror show only its length, so neither
/// `print(configuration)` nor `dump(configuration)` nor a log line can leak it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself. Read it only where it is used (an `Authorization` header, an HMAC).
    public let value: String

    /// A secret holding `value`.
    public init(_ value: String) {
        self.value = value
    }

    /// Whether no value is set.
    public var isEmpty: Bool { value.isEmpty }

    /// `set (N chars)` or `missing`: what `check-config` prints.
    public var redacted: String { value.isEmpty ? "missing" : "set (\(value.count) chars)" }

    /// `Secret(set (N chars))`: never the value.
    public var description: String { "Secret(\(redacted))" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// No children, so `dump` shows no value.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
