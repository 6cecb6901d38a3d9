/// A response to be written. `Content-Length`, `Date`, `Server` and `Connection` are set by
/// the writer; a handler sets the status, its own headers and the body.
public struct Response: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields set by the handler.
    public var headers: HTTPHeaders
    /// The body bytes (not sent for HEAD, 1xx, 204 and 304).
    public var body: [UInt8]
    /// The request's id, sent as `X-Request-Id` (a handler's own field of that name is then
    /// dropped). A field of its own rather than a header: it is set on every response, and
    /// adding it to a header list shared by a prepared response would copy that list.
    public var requestID: RequestID?

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], requestID: RequestID? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.requestID = requestID
    }

    /// The same response with its header fields prepared for the wire (`HTTPHeaders.prepared()`):
    /// for a response built once and sent many times.
    public func prepared() -> Response {
        var copy = self
        copy.headers = headers.prepared()
        return copy
    }

    /// A response with a JSON body already encoded as text.
    public static func json(_ status: Int, _ text: String, headers: HTTPHeaders = [:]) -> Response {
        var h = headers
        h.replaceOrAdd(name: "Content-Type", value: "application/json")
        return Response(status: status, headers: h, body: Array(text.utf8))
    }

    /// An RFC 9457 problem document in Kassa's one shape: `type`, `title`, `status`, `detail`
    /// and a stable `code` (by default the status's, `not_found`), `type` naming the code
    /// (`https://kassa.dev/problems/not_found`). The server's own answers (parse errors,
    /// timeouts, overload) and the router's (404, 405, 501) use it, as the API's problems do.
    public static func problem(_ status: Int, detail: String, code: String? = nil, headers: HTTPHeaders = [:],
                               requestID: RequestID? = nil) -> Response {
        let code = code ?? problemCode(for: status)
        var h = headers
        h.replaceOrAdd(name: "Content-Type", value: "application/problem+json")
        // As every answer of the service: never sniffed as another type, never cached.
        h.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        if !h.contains("Cache-Control") { h.add(name: "Cache-Control", value: "no-store") }
        let body = "{\"type\":\(JSONText.quote(problemType(code))),\"title\":\(JSONText.quote(HTTPStatus.reason(status))),"
            + "\"status\":\(status),\"detail\":\(JSONText.quote(detail)),\"code\":\(JSONText.quote(code))}"
        return Response(status: status, headers: h, body: Array(body.utf8), requestID: requestID)
    }

    /// The `type` URI of a problem code.
    public static func problemType(_ code: String) -> String { "https://kassa.dev/problems/" + code }

    /// A status's default problem code: its reason phrase in snake case (`413` →
    /// `content_too_large`), a fixed string whatever the request was.
    public static func problemCode(for status: Int) -> String {
        String(HTTPStatus.reason(status).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// Minimal JSON string quoting for the server's own error bodies.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included (RFC 8259 §7).
    public static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
