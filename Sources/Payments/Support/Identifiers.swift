import Crypto

/// The public id of a checkout attempt: `chk_` followed by 24 random base32 characters (120 bits).
public struct CheckoutID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The text form, e.g. `chk_3f0c…`.
    public let rawValue: String

    /// Wraps an id read from storage or from a URL path; no validation beyond non-emptiness,
    /// because a malformed id simply finds nothing.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A fresh random id (from the CSPRNG: unguessable, so ids in URLs leak nothing).
    public static func generate() -> CheckoutID { CheckoutID(RandomID.make(prefix: "chk_")) }

    /// The text form.
    public var description: String { rawValue }

    /// Decodes from a single string.
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    /// Encodes as a single string.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The stable public id of an event (`evt_…`), used by the shop to de-duplicate deliveries.
public struct EventID: Hashable, Sendable, CustomStringConvertible {
    /// The text form, e.g. `evt_9a1b…`.
    public let rawValue: String

    /// Wraps an id read from storage.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A fresh random id.
    public static func generate() -> EventID { EventID(RandomID.make(prefix: "evt_")) }

    /// The text form.
    public var description: String { rawValue }
}
