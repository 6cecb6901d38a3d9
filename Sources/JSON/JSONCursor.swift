/// A place in a document being validated: the value there, if any, and its path, so that a
/// request handler reports `order.items[2].quantity: must be an integer` without tracking
/// paths itself.
///
/// ```swift
/// let order = JSONCursor(body)["order"]
/// let amount = try order["amount"].int64()           // JSONFieldError at "order.amount"
/// for item in try order["items"].array() { _ = try item["quantity"].int64() }
/// ```
public struct JSONCursor: Sendable {
    /// Where this is, from the top of the document.
    public let path: JSONPath
    /// The value here; nil when the member or element does not exist.
    public let value: JSONValue?

    /// The top of `document`.
    public init(_ document: JSONValue) {
        path = .root
        value = document
    }

    private init(path: JSONPath, value: JSONValue?) {
        self.path = path
        self.value = value
    }

    /// The member `key`; missing when this is not an object or has no such member.
    public subscript(key: String) -> JSONCursor {
        JSONCursor(path: path.appending(key), value: value?[key])
    }

    /// The element at `index`; missing when this is not an array or is shorter.
    public subscript(index: Int) -> JSONCursor {
        JSONCursor(path: path.appending(index: index), value: value?[index])
    }

    /// Whether there is nothing here: no member, or `null`.
    public var isAbsent: Bool { value == nil || value == .null }

    /// The string here; throws when it is absent or not a string.
    public func string() throws(JSONFieldError) -> String {
        try required("a string") { $0.stringValue }
    }

    /// The string here, or nil when absent; throws when present but not a string.
    public func optionalString() throws(JSONFieldError) -> String? {
        isAbsent ? nil : try string()
    }

    /// The exact integer here (no fraction, no exponent, within `Int64`); throws otherwise.
    public func int64() throws(JSONFieldError) -> Int64 {
        try required("an integer") { $0.int64Value }
    }

    /// The integer here, or nil when absent; throws when present but not an integer.
    public func optionalInt64() throws(JSONFieldError) -> Int64? {
        isAbsent ? nil : try int64()
    }

    /// The Boolean here; throws when it is absent or not a Boolean.
    public func bool() throws(JSONFieldError) -> Bool {
        try required("true or false") { $0.boolValue }
    }

    /// The Boolean here, or nil when absent; throws when present but not a Boolean.
    public func optionalBool() throws(JSONFieldError) -> Bool? {
        isAbsent ? nil : try bool()
    }

    /// A cursor on each element; throws when this is absent or not an array.
    public func array() throws(JSONFieldError) -> [JSONCursor] {
        let elements = try required("an array") { $0.arrayValue }
        return elements.indices.map { self[$0] }
    }

    /// The object here; throws when it is absent or not an object. Members are reached
    /// through `self[key]`, which keeps their paths.
    public func object() throws(JSONFieldError) -> JSONObject {
        try required("an object") { $0.objectValue }
    }

    /// An error at this path, for rules beyond the type (`must be positive`).
    public func error(_ message: String) -> JSONFieldError {
        JSONFieldError(path: path, message: message)
    }

    private func required<T>(_ kind: String, _ extract: (JSONValue) -> T?) throws(JSONFieldError) -> T {
        guard let value, value != .null else { throw error("is required") }
        guard let result = extract(value) else { throw error("must be \(kind)") }
        return result
    }
}

/// A value that is missing or of the wrong type, at a path: one entry of a 422's `errors`
/// list (`{"field": "order.items[2].quantity", "message": "must be an integer"}`).
public struct JSONFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where.
    public let path: JSONPath
    /// What is wrong, without the value (it may be personal data).
    public let message: String

    /// An error at `path`.
    public init(path: JSONPath, message: String) {
        self.path = path
        self.message = message
    }

    /// The path as the API reports it: `order.items[2].quantity`.
    public var field: String { path.description }

    /// `order.items[2].quantity: must be an integer`.
    public var description: String { "\(field): \(message)" }
}
