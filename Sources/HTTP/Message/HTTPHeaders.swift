/// An ordered list of header fields. Names keep their case as received; lookups ignore case
/// (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field as received: name and value with surrounding whitespace removed. A struct,
    /// not a tuple: an array of tuples is copied and destroyed through the runtime's generic
    /// tuple witnesses, field by field, and every request and response has one.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    /// The fields as the response writer sends them, when prepared once (`prepared()`) for a
    /// response that is sent many times; nil until then, and again after any change.
    private(set) var wire: [UInt8]?

    /// An empty list.
    public init() { fields = [] }

    /// A list with `fields` in order.
    public init(_ fields: [Field]) { self.fields = fields }

    /// `["Content-Type": "application/json"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The value of the first field named `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// Every value of the fields named `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    /// True when a field named `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(name: String, value: String) {
        wire = nil
        fields.append(Field(name: name, value: value))
    }

    /// The same fields with their wire form prepared, so that a response sent many times (a
    /// health check's) is not checked and copied field by field each time. Not prepared when
    /// a field is named `X-Request-Id`, which the writer drops when the response has an id.
    public func prepared() -> HTTPHeaders {
        guard !fields.contains(where: { ResponseWriter.isRequestID($0.name) }) else { return self }
        var copy = self
        copy.wire = ResponseWriter.wire(of: self)
        return copy
    }

    /// Calls `body` with each field's name and value in order, read in place: iterating the
    /// sequence copies each field (a reference count per string), and the writer runs this
    /// on every response.
    func forEachField(_ body: (_ name: String, _ value: String) -> Void) {
        for i in fields.indices { body(fields[i].name, fields[i].value) }
    }

    /// Replaces every field named `name` with one field, where the first of them was (or at
    /// the end). Runs on every response (its request id): done in place.
    public mutating func replaceOrAdd(name: String, value: String) {
        wire = nil
        var found: Int?
        for i in fields.indices where fields[i].name.equalsIgnoringASCIICase(name) {
            found = i
            break
        }
        guard let first = found else {
            fields.append(Field(name: name, value: value))
            return
        }
        fields[first] = Field(name: name, value: value)
        let rest = fields.index(after: first)
        if fields[rest...].contains(where: { $0.name.equalsIgnoringASCIICase(name) }) {
            fields[rest...].removeAll { $0.name.equalsIgnoringASCIICase(name) }
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        wire = nil
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension String {
    /// ASCII case-insensitive equality, as header names and tokens are compared.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
            for (x, y) in zip(a, b) where x != y {
                guard x | 0x20 == y | 0x20, (x | 0x20) >= 0x61, (x | 0x20) <= 0x7a else { return false }
            }
            return true
        }
        // Over contiguous bytes when both strings have them (native strings do): header
        // lookups run this on every request.
        return utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in equal(a, b) }
        }.flatMap { $0 } ?? equal(utf8, other.utf8)
    }
}
