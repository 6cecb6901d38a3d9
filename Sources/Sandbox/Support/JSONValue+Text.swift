import HTTP

extension JSONValue {
    /// The compact JSON text (RFC 8259), object members in their stored order.
    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): out += JSONText.quote(s)
        case .array(let values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, member) in object.members.enumerated() {
                if i > 0 { out += "," }
                out += JSONText.quote(member.key)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }
}

extension Response {
    /// A JSON response whose body is `value`.
    static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = [:]) -> Response {
        .json(status, value.text, headers: headers)
    }
}
