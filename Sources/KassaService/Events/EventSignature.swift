import Crypto

/// The `Kassa-Signature` header: Stripe's scheme, so that a shop verifies it with the webhook
/// helpers of Stripe's client libraries (stripe-python's `WebhookSignature.verify_header`).
///
/// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, with one `v1` per secret
/// during a rotation, newest first: a shop that knows either secret accepts the event.
enum EventSignature {
    /// The header value for `body` signed at `timestamp` with every secret in order.
    static func header(body: [UInt8], timestamp: Int64, secrets: [String]) -> String {
        let prefix = Array("\(timestamp).".utf8)
        let signatures = secrets.map { "v1=" + Hex.encode(HMACSHA256.authenticate(prefix + body, key: Array($0.utf8))) }
        return (["t=\(timestamp)"] + signatures).joined(separator: ",")
    }
}
