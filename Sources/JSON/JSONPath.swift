/// Where a value sits in a document, rendered the way validation errors report it:
/// `order.items[2].quantity`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down.
    public enum Component: Sendable, Hashable {
        /// An object member's key.
        case key(String)
        /// An array index, from 0.
        case index(Int)
    }

    /// The steps from the top value.
    public var components: [Component]

    /// The top value itself.
    public static let root = JSONPath([])

    /// A path from its steps.
    public init(_ components: [Component]) {
        self.components = components
    }

    /// This path with one more key.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(components + [.key(key)])
    }

    /// This path with one more array index.
    public func appending(index: Int) -> JSONPath {
        JSONPath(components + [.index(index)])
    }

    /// `order.items[2].quantity`; a key that is not a plain name (letters, digits, `_`, `-`)
    /// is quoted as `["a.b"]` so that the rendering stays unambiguous. The root is "".
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where Self.isPlainName(key):
                if !text.isEmpty { text += "." }
                text += key
            case .key(let key):
                text += "[" + String(decoding: JSONValue.string(key).serialized(), as: UTF8.self) + "]"
            }
        }
        return text
    }

    private static func isPlainName(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }
}

extension JSONPath: ExpressibleByArrayLiteral {
    /// A path from literal steps: `[.key("order"), .key("items"), .index(2)]`.
    public init(arrayLiteral elements: Component...) {
        self.init(elements)
    }
}
