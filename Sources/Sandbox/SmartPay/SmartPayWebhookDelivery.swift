import Crypto

/// Sends SmartPay webhooks to the one configured URL with the configured Basic credentials,
/// through the shared retrying delivery (bounded retries; `shutdown()` stops them).
struct SmartPayWebhookDelivery: Sendable {
    private let delivery: RetryingNotificationDelivery
    private let url: String?
    private let headers: [(name: String, value: String)]

    /// Delivery to `url` through `transport` (either nil: webhooks are dropped).
    init(transport: (any SmartPayWebhookTransport)?, url: String?, credentials: SmartPayWebhookCredentials?, retryDelays: [Duration]) {
        self.url = url
        var headers: [(name: String, value: String)] = []
        if let credentials {
            // RFC 7617 §2: base64 of user-id ":" password.
            headers.append(("Authorization", "Basic " + Base64.encode(Array("\(credentials.username):\(credentials.password)".utf8))))
        }
        self.headers = headers
        var post: RetryingNotificationDelivery.Post?
        if let transport {
            post = { @Sendable notification in
                let headers: [(name: String, value: String)] = [("Content-Type", "application/json")] + notification.headers
                return await transport.post(url: notification.url, body: notification.body, headers: headers)
            }
        }
        delivery = RetryingNotificationDelivery(post: post, retryDelays: retryDelays)
    }

    /// Delivers `events` one after the other, in this order, each with its retries.
    func send(_ events: [SmartPayWebhookEvent]) {
        guard let url else { return }
        delivery.send(events.map { OutgoingNotification(url: url, body: $0.body, headers: headers) })
    }

    /// Stops every delivery in progress and sends nothing more.
    func shutdown() {
        delivery.shutdown()
    }
}
