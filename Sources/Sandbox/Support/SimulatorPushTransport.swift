/// How a simulator sends push notifications: Kassa wires its outbound HTTP client, tests a
/// small socket client. Answers the HTTP status, or nil when nothing came back (not sent,
/// refused, timed out).
public protocol SimulatorPushTransport: Sendable {
    /// POSTs `body` with `Content-Type: contentType` to the absolute URL `url`.
    func post(url: String, body: [UInt8], contentType: String) async -> Int?
}
