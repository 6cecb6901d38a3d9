/// Serializes a response head and body into one buffer, so that each goes out in one `send`.
enum ResponseWriter {
    /// Headers the writer owns; a handler's values for them are dropped.
    private static func isOwned(_ name: String) -> Bool {
        name.equalsIgnoringASCIICase("content-length") || name.equalsIgnoringASCIICase("connection")
            || name.equalsIgnoringASCIICase("date") || name.equalsIgnoringASCIICase("server")
            || name.equalsIgnoringASCIICase("transfer-encoding")
    }

    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` to `out`. `isHead` omits the body but keeps its length (RFC 9110 §9.3.2);
    /// `keepAlive` decides the Connection field; `version` the request's, for 1.0 keep-alive.
    static func write(_ response: Response, to out: inout [UInt8], isHead: Bool, keepAlive: Bool,
                      version: HTTPVersion, date: [UInt8], serverName: String) {
        let status = response.status
        out.reserveCapacity(out.count + 160 + response.body.count)
        out.append(static: "HTTP/1.1 ")
        out.append(decimal: status)
        out.append(static: " ")
        out.append(contentsOf: HTTPStatus.reason(status).utf8)
        out.append(static: "\r\nServer: ")
        out.append(contentsOf: serverName.utf8)
        out.append(static: "\r\nDate: ")
        out.append(contentsOf: date)
        out.append(static: "\r\n")
        for field in response.headers where !isOwned(field.name) && isSafe(field) {
            out.append(contentsOf: field.name.utf8)
            out.append(static: ": ")
            out.append(contentsOf: field.value.utf8)
            out.append(static: "\r\n")
        }
        let forbidsBody = HTTPStatus.forbidsBody(status)
        if !forbidsBody {
            out.append(static: "Content-Length: ")
            out.append(decimal: response.body.count)
            out.append(static: "\r\n")
        }
        if !keepAlive {
            out.append(static: "Connection: close\r\n")
        } else if version == .http1_0 {
            out.append(static: "Connection: keep-alive\r\n")
        }
        out.append(static: "\r\n")
        if !forbidsBody && !isHead { out.append(contentsOf: response.body) }
    }

    /// A header that would break the framing (CR, LF, NUL, a non-token name) is never written.
    private static func isSafe(_ field: HTTPHeaders.Field) -> Bool {
        !field.name.isEmpty && all(field.name, ByteClass.isTokenChar) && all(field.value, ByteClass.isFieldValueChar)
    }

    /// `text.utf8.allSatisfy(test)`, over contiguous storage when the string has it.
    @inline(__always)
    private static func all(_ text: String, _ test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(test) } ?? text.utf8.allSatisfy(test)
    }
}

extension [UInt8] {
    /// Appends the bytes of a literal.
    mutating func append(static text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends a non-negative integer in decimal.
    mutating func append(decimal value: Int) {
        precondition(value >= 0)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            var v = value, start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            append(contentsOf: buffer[start...])
        }
    }
}
