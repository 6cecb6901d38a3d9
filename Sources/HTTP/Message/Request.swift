/// The HTTP version of a request. Only HTTP/1.0 and HTTP/1.1 are served (RFC 9112 §2.3).
public enum HTTPVersion: Sendable, Equatable {
    case http1_0
    case http1_1

    /// The version as it appears on the wire.
    public var text: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    /// No body: neither Content-Length nor Transfer-Encoding.
    case none
    /// Exactly this many bytes.
    case length(Int)
    /// Chunked transfer coding.
    case chunked
}

/// A parsed, validated request head.
public struct RequestHead: Sendable, Equatable {
    /// The method token, case-sensitive (RFC 9110 §9.1).
    public var method: String
    /// The request-target exactly as received.
    public var target: String
    /// The path of the target, still percent-encoded ("/" for the asterisk form).
    public var path: String
    /// The query of the target without "?", still percent-encoded, or nil.
    public var query: String?
    /// The version from the request-line.
    public var version: HTTPVersion
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// How the body is framed.
    public var framing: BodyFraming
    /// Whether the client asked for the connection to stay open after this exchange.
    public var wantsKeepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` (HTTP/1.1 only).
    public var expectsContinue: Bool
}

/// A complete request as handed to a responder.
public struct Request: Sendable {
    /// The head.
    public var head: RequestHead
    /// The body, de-chunked.
    public var body: [UInt8]
    /// Path parameters filled in by the router (`{id}` → value, percent-decoded).
    public var parameters: [String: String] = [:]
    /// The connection's peer (the client, or a proxy in front of it); nil when unknown.
    public var remoteAddress: IPAddress?

    /// Creates a request.
    public init(head: RequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// The method token.
    public var method: String { head.method }
    /// The percent-encoded path.
    public var path: String { head.path }
    /// The header fields.
    public var headers: HTTPHeaders { head.headers }
    /// The decoded query parameters, in order.
    public var queryItems: [(name: String, value: String)] { QueryString.parse(head.query ?? "") }

    /// The first value of the query parameter `name`, decoded.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}
