extension JSONValue {
    /// Parses one JSON document (RFC 8259), strictly: no comments, trailing commas, NaN,
    /// leading zeros, unescaped control characters, lone surrogates or invalid UTF-8; only
    /// whitespace around the top value; and no repeated key in an object, because two parsers
    /// that resolve a duplicate differently let one request say two things.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, limits: limits)
            do throws(JSONParseError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses the UTF-8 of `text`; see `parse(_:limits:)` for the rules.
    public static func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// A recursive-descent parser over a byte buffer. Every loop advances `offset`, and every
/// recursion is bounded by the depth limit, so hostile input costs linear time at most.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: JSONLimits
    private var offset = 0
    private var elementCount = 0
    /// Unescaped string bytes, reused from one string to the next.
    private var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if offset < bytes.count { throw .trailingData(bytes[offset], at: offset) }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard offset < bytes.count else { throw .unexpectedEnd(at: offset, expecting: "a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case let byte: throw .unexpectedCharacter(byte, at: offset, expecting: "a value")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> [JSONValue] {
        guard depth <= limits.effectiveMaxDepth else { throw .tooDeep(limit: limits.effectiveMaxDepth, at: offset) }
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return elements
        }
        while true {
            try countElement()
            elements.append(try parseValue(depth: depth))
            if try consumeSeparator(closing: UInt8(ascii: "]")) { return elements }
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONObject {
        guard depth <= limits.effectiveMaxDepth else { throw .tooDeep(limit: limits.effectiveMaxDepth, at: offset) }
        offset += 1
        var members: [JSONObject.Member] = []
        // Small objects are checked for duplicates by scanning; a set takes over past a few keys.
        var seen: Set<String>?
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return JSONObject(uniqueMembers: members)
        }
        while true {
            guard offset < bytes.count else { throw .unexpectedEnd(at: offset, expecting: "a string key") }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                throw .unexpectedCharacter(bytes[offset], at: offset, expecting: "a string key")
            }
            try countElement()
            let keyOffset = offset
            let key = try parseString()
            if seen == nil, members.count >= 8 { seen = Set(members.map(\.key)) }
            let isDuplicate = seen.map { $0.contains(key) } ?? members.contains { $0.key == key }
            if isDuplicate { throw .duplicateKey(key, at: keyOffset) }
            seen?.insert(key)
            skipWhitespace()
            guard offset < bytes.count else { throw .unexpectedEnd(at: offset, expecting: "':'") }
            guard bytes[offset] == UInt8(ascii: ":") else { throw .unexpectedCharacter(bytes[offset], at: offset, expecting: "':'") }
            offset += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth)))
            if try consumeSeparator(closing: UInt8(ascii: "}")) { return JSONObject(uniqueMembers: members) }
        }
    }

    /// After an element or member: consumes the closing bracket (true) or a comma that
    /// another element must follow (false).
    private mutating func consumeSeparator(closing: UInt8) throws(JSONParseError) -> Bool {
        // Built only for an error: this runs once per element.
        func expecting() -> String { "',' or '\(Character(Unicode.Scalar(closing)))'" }
        skipWhitespace()
        guard offset < bytes.count else { throw .unexpectedEnd(at: offset, expecting: expecting()) }
        switch bytes[offset] {
        case UInt8(ascii: ","):
            offset += 1
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == closing { throw .trailingComma(at: offset) }
            return false
        case closing:
            offset += 1
            return true
        case let byte:
            throw .unexpectedCharacter(byte, at: offset, expecting: expecting())
        }
    }

    private mutating func countElement() throws(JSONParseError) {
        elementCount += 1
        if elementCount > limits.maxElements { throw .tooManyElements(limit: limits.maxElements, at: offset) }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = offset
        do {
            offset = try NumberGrammar.scan(bytes, from: start)
        } catch {
            switch error {
            case .leadingZero(let at): throw .leadingZero(at: at)
            case .missingDigit(let at): throw .invalidNumber(at: at)
            }
        }
        if offset - start > limits.maxStringLength { throw .stringTooLong(limit: limits.maxStringLength, at: start) }
        return JSONNumber(uncheckedLiteral: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard offset + expected.count <= bytes.count else { throw .invalidLiteral(at: offset) }
        for (index, byte) in expected.enumerated() where bytes[offset + index] != byte {
            throw .invalidLiteral(at: offset)
        }
        offset += expected.count
    }

    private mutating func skipWhitespace() {
        // RFC 8259 §2: space, tab, line feed and carriage return only.
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = offset
        offset += 1
        var runStart = offset
        var isEscaped = false
        scratch.removeAll(keepingCapacity: true)
        while true {
            if scratch.count + (offset - runStart) > limits.maxStringLength {
                throw .stringTooLong(limit: limits.maxStringLength, at: start)
            }
            guard offset < bytes.count else { throw .unexpectedEnd(at: offset, expecting: "'\"' closing the string") }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<offset])
                offset += 1
                if !isEscaped { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
                isEscaped = true
                try parseEscape()
                runStart = offset
            case 0x00..<0x20:
                // RFC 8259 §7: control characters must be escaped.
                throw .controlCharacter(byte, at: offset)
            case 0x20..<0x80:
                offset += 1
            default:
                offset += try utf8SequenceLength(at: offset)
            }
        }
    }

    /// Decodes the escape at `offset` (a backslash) into `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let start = offset
        guard offset + 1 < bytes.count else { throw .unexpectedEnd(at: offset + 1, expecting: "an escape") }
        let replacement: UInt8
        switch bytes[offset + 1] {
        case UInt8(ascii: "\""): replacement = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): replacement = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): replacement = UInt8(ascii: "/")
        case UInt8(ascii: "b"): replacement = 0x08
        case UInt8(ascii: "f"): replacement = 0x0C
        case UInt8(ascii: "n"): replacement = 0x0A
        case UInt8(ascii: "r"): replacement = 0x0D
        case UInt8(ascii: "t"): replacement = 0x09
        case UInt8(ascii: "u"):
            offset += 2
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by an escaped low surrogate (RFC 8259 §7).
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw .invalidSurrogate(at: start)
                }
                offset += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .invalidSurrogate(at: start) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw .invalidSurrogate(at: start)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw .invalidSurrogate(at: start) }
            scratch.append(contentsOf: UTF8.encode(scalar)!)
            return
        default:
            throw .invalidEscape(at: start)
        }
        scratch.append(replacement)
        offset += 2
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard offset + 4 <= bytes.count else { throw .invalidEscape(at: offset) }
        var value: UInt16 = 0
        for index in offset..<offset + 4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(at: index)
            }
            value = value << 4 | UInt16(digit)
        }
        offset += 4
        return value
    }

    /// The length of the well-formed UTF-8 sequence at `index` (RFC 3629 §4: no overlong
    /// forms, no surrogates, nothing above U+10FFFF).
    private func utf8SequenceLength(at index: Int) throws(JSONParseError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw .invalidUTF8(at: index)
        }
        guard index + length <= bytes.count else { throw .invalidUTF8(at: index) }
        guard secondRange.contains(bytes[index + 1]) else { throw .invalidUTF8(at: index) }
        for continuation in index + 2..<index + length where !(0x80...0xBF).contains(bytes[continuation]) {
            throw .invalidUTF8(at: index)
        }
        return length
    }
}
