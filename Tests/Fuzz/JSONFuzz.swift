// libFuzzer target `json` (scripts/fuzz): the JSON parser fed arbitrary bytes. A refusal must
// point inside the input; an accepted document must serialize to text that parses back to the
// same value and serializes to the same text again, and reading any member through a cursor
// (as the API's validation does) must answer a value or a field error, never trap.
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Small limits, so that short inputs reach every limit's edge.
    let limits = JSONLimits(maxDepth: 16, maxBytes: 4096, maxStringLength: 256, maxElements: 256)
    let value: JSONValue
    do {
        value = try JSONValue.parse(bytes, limits: limits)
    } catch {
        fuzzCheck(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
        _ = error.description
        return 0
    }
    for sortedKeys in [false, true] {
        let text = value.serialized(sortedKeys: sortedKeys)
        let again: JSONValue
        do { again = try JSONValue.parse(text) } catch {
            fuzzFailure("serialized output does not parse (\(error)): \(String(decoding: text, as: UTF8.self))")
        }
        if !sortedKeys { fuzzCheck(again == value, "round trip changed the value: \(String(decoding: text, as: UTF8.self))") }
        fuzzCheck(again.serialized(sortedKeys: sortedKeys) == text, "serializing twice gave different text")
    }
    read(JSONCursor(value), depth: 0)
    return 0
}

/// Reads every member the way validation code does, each accessor on each value.
private func read(_ cursor: JSONCursor, depth: Int) {
    _ = cursor.path.description
    _ = try? cursor.string()
    _ = try? cursor.optionalInt64()
    _ = try? cursor.optionalBool()
    if let number = cursor.value?.numberValue {
        _ = number.double
        // A literal with a fraction or exponent gives an Int64 only when it denotes one exactly
        // (`4485.0`, `-0e-7`): the binary reading of the same literal must agree with it.
        if let exact = number.int64, !number.isIntegerLiteral {
            let double = number.double
            let difference = abs(double - Double(exact))
            fuzzCheck(difference <= abs(Double(exact)) * 1e-12, "int64 \(exact) from \(number), which reads as \(double)")
        }
    }
    if let elements = try? cursor.array() {
        for element in elements { read(element, depth: depth + 1) }
        _ = cursor[elements.count].isAbsent
    }
    if let object = try? cursor.object() {
        for key in object.keys { read(cursor[key], depth: depth + 1) }
        _ = cursor["\u{0}absent"].error("absent").description
    }
}
