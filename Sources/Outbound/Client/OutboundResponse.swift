/// An HTTP response. Every status code is a response, never an error: a 500 from a
/// provider is an answer, and the adapter decides what it means.
public struct OutboundResponse: Sendable, Equatable {
    /// The status code of the final response (1xx interim responses are skipped).
    public var status: Int
    /// The final response's header fields.
    public var headers: OutboundHeaders
    /// The body, at most the client's response cap.
    public var body: [UInt8]

    /// A response; public so that test doubles of `OutboundSending` can build one.
    public init(status: Int, headers: OutboundHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Anything that can send an `OutboundRequest`: the libcurl client, the OAuth wrapper, or a
/// test double in a provider's tests.
public protocol OutboundSending: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}
