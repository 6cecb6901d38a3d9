/// A JSON object's members in document order. Keys are unique: the parser refuses a
/// document that repeats one, and setting an existing key replaces its value in place.
public struct JSONObject: Sendable, Equatable {
    /// One member.
    public typealias Member = (key: String, value: JSONValue)

    /// The members, in order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object from members in order; a repeated key keeps its first position and its
    /// last value.
    public init(_ members: [(String, JSONValue)]) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// Members already known to have unique keys (the parser checks).
    init(uniqueMembers: [Member]) {
        members = uniqueMembers
    }

    /// The value of `key`, or nil. Setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// How many members.
    public var count: Int { members.count }

    /// Whether there are no members.
    public var isEmpty: Bool { members.isEmpty }

    /// Equal when both have the same keys with equal values, in any order (RFC 8259 §4:
    /// member order carries no meaning).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        if lhs.members.count <= 8 {
            return lhs.members.allSatisfy { member in rhs[member.key] == member.value }
        }
        var values: [String: JSONValue] = [:]
        for member in rhs.members { values[member.key] = member.value }
        return lhs.members.allSatisfy { member in values[member.key] == member.value }
    }
}

extension JSONObject: Sequence {
    /// The members in order.
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from a dictionary literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: ExpressibleByArrayLiteral {
    /// An object from a literal list of pairs: `.object([("id", .string(id)), ("amount", 4485)])`.
    public init(arrayLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
