/// How the SmartPay simulator sends its webhooks: like `SimulatorPushTransport`, with the
/// request headers, because SmartPay authenticates a webhook by Basic credentials in the
/// `Authorization` header rather than by a signature in the body (PROVIDERS.md B, "Webhook").
/// Answers the HTTP status, or nil when nothing came back (not sent, refused, timed out).
public protocol SmartPayWebhookTransport: Sendable {
    /// POSTs `body` (JSON) to the absolute URL `url` with `headers` (`Content-Type` included).
    func post(url: String, body: [UInt8], headers: [(name: String, value: String)]) async -> Int?
}

/// The Basic credentials SmartPay sends with each webhook (configured per merchant by JPMMPS).
public struct SmartPayWebhookCredentials: Sendable, Equatable {
    /// The user name.
    public var username: String
    /// The password.
    public var password: String

    /// Credentials `username:password`.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}
