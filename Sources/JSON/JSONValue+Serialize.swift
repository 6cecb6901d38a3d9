extension JSONValue {
    /// The compact UTF-8 encoding: no whitespace, numbers as their literal, `"` `\` and
    /// control characters escaped (`\u00XX`), `/` and non-ASCII written as is. With
    /// `sortedKeys`, members are ordered by their keys' UTF-16 code units (as RFC 8785 does),
    /// which gives one canonical text per value — what an idempotency fingerprint hashes.
    public func serialized(sortedKeys: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(into: &output, sortedKeys: sortedKeys)
        return output
    }

    /// Appends the compact encoding to `output`: for a caller that builds a larger text (a log
    /// line) without a buffer per value.
    public func serialize(into output: inout [UInt8]) {
        write(into: &output, sortedKeys: false)
    }

    /// `serialized(sortedKeys:)` as a `String`.
    public func serializedString(sortedKeys: Bool = false) -> String {
        String(decoding: serialized(sortedKeys: sortedKeys), as: UTF8.self)
    }

    private func write(into output: inout [UInt8], sortedKeys: Bool) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.literal.utf8)
        case .string(let string): Self.writeString(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output, sortedKeys: sortedKeys)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            var members = object.members
            if sortedKeys {
                members.sort { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            }
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(into: &output, sortedKeys: sortedKeys)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x00..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hexDigit(byte >> 4), hexDigit(byte & 0xF)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact serialization.
    public var description: String { serializedString() }
}
