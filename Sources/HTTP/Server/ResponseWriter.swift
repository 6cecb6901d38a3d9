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
        out.append(contentsOf: "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\nServer: ".utf8)
        out.append(contentsOf: serverName.utf8)
        out.append(contentsOf: "\r\nDate: ".utf8)
        out.append(contentsOf: date)
        out.append(contentsOf: "\r\n".utf8)
        for field in response.headers where !isOwned(field.name) && isSafe(field) {
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        let forbidsBody = HTTPStatus.forbidsBody(status)
        if !forbidsBody {
            out.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if !forbidsBody && !isHead { out.append(contentsOf: response.body) }
    }

    /// A header that would break the framing (CR, LF, NUL, a non-token name) is never written.
    private static func isSafe(_ field: HTTPHeaders.Field) -> Bool {
        !field.name.isEmpty && field.name.utf8.allSatisfy(ByteClass.isTokenChar)
            && field.value.utf8.allSatisfy(ByteClass.isFieldValueChar)
    }
}
