import HTTP
import JSON

/// Parses a request's body as a JSON object, or answers why it is not one: 415 when a
/// non-empty body is not declared `application/json`, 400 when it is not JSON, 422 naming the field when it
/// is well-formed but a string in it is beyond the parser's limit, or when it is not an object.
func parseJSONBody(_ request: Request, allowEmpty: Bool = false) throws(APIProblem) -> JSONValue {
    try parseJSONBody(request.body, contentType: request.headers["Content-Type"], allowEmpty: allowEmpty)
}

/// The same for a body and its declared `Content-Type` (the checkout fuzz target calls it).
func parseJSONBody(_ body: [UInt8], contentType: String?, allowEmpty: Bool = false) throws(APIProblem) -> JSONValue {
    if body.isEmpty && allowEmpty { return .object([:]) }
    // Without a body there is no media type to refuse; the parse below says what is missing.
    guard body.isEmpty || isJSONMediaType(contentType) else { throw .unsupportedMediaType }
    let value: JSONValue
    do {
        value = try JSONValue.parse(body)
    } catch {
        if error == .stringTooLong, let field = overlongString(in: body) { throw .validation([field]) }
        throw .malformedJSON(error.description)
    }
    guard case .object = value else {
        throw .validation([JSONCursor(value).error("must be an object, not \(value.kindName)")])
    }
    return value
}

/// True for `application/json`, with any parameters (`; charset=utf-8`); RFC 9110 §8.3.1:
/// type and subtype are case-insensitive. Absent is false: a body must say what it is.
func isJSONMediaType(_ contentType: String?) -> Bool {
    guard let contentType else { return false }
    let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return type.trimmingSpacesAndTabs.lowercased() == "application/json"
}

// The first string, member name or number longer than the default limit, as a field error, when
// the body is well-formed apart from that limit. The second parse is bounded by the body limit
// of the route, which is what admitted these bytes.
private func overlongString(in body: [UInt8]) -> JSONFieldError? {
    let limit = JSONLimits().maxStringLength
    guard let value = try? JSONValue.parse(body, limits: JSONLimits(maxStringLength: max(body.count, limit))) else { return nil }
    let message = "must be at most \(limit) bytes"
    func search(_ value: JSONValue, _ path: JSONPath) -> JSONFieldError? {
        switch value {
        case .string(let text):
            return text.utf8.count > limit ? JSONFieldError(path: path, message: message) : nil
        case .number(let number):
            return number.literal.utf8.count > limit ? JSONFieldError(path: path, message: message) : nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = search(element, path.appending(index: index)) { return found }
            }
            return nil
        case .object(let object):
            for (key, member) in object {
                // A name too long to echo is reported at its object.
                if key.utf8.count > limit { return JSONFieldError(path: path, message: "has a member name longer than \(limit) bytes") }
                if let found = search(member, path.appending(key)) { return found }
            }
            return nil
        case .null, .bool:
            return nil
        }
    }
    return search(value, .root) ?? JSONFieldError(path: .root, message: "has a string longer than \(limit) bytes")
}

private extension Substring {
    var trimmingSpacesAndTabs: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
