import Crypto
import FoundationEssentials
import JSON

/// SHA-256 over what identifies a request: method, path and canonical body. Two requests with
/// the same `Idempotency-Key` must have the same fingerprint to be replays of each other.
public struct RequestFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// Lower-case hex of the digest.
    public let hex: String

    /// Wraps a stored fingerprint.
    public init(hex: String) { self.hex = hex }

    /// The fingerprint of a request. A JSON body is canonicalized first (keys sorted, no
    /// insignificant whitespace), so a client that re-serializes the same object differently
    /// still replays; any other body is hashed as sent.
    public init(method: String, path: String, body: [UInt8]) {
        var input = Array(method.uppercased().utf8)
        input.append(0x0A)
        input += Array(path.utf8)
        input.append(0x0A)
        input += RequestFingerprint.canonical(body)
        hex = Hex.encode(SHA256.hash(input))
    }

    /// The hex digest.
    public var description: String { hex }

    private static func canonical(_ body: [UInt8]) -> [UInt8] {
        guard !body.isEmpty, let value = try? JSONValue.parse(body) else { return body }
        return value.serialized(sortedKeys: true)
    }
}

/// A response kept for replay under an idempotency key.
public struct StoredResponse: Hashable, Sendable {
    /// HTTP status code.
    public var status: Int
    /// Content type of `body`.
    public var contentType: String
    /// The exact body bytes sent the first time.
    public var body: [UInt8]

    /// A stored response.
    public init(status: Int, contentType: String = "application/json", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What `PaymentStore.beginIdempotentRequest` found for a key.
public enum IdempotencyDecision: Hashable, Sendable {
    /// The key is new (or expired): it is now claimed; run the request, then
    /// `completeIdempotentRequest` (or `releaseIdempotentRequest` if it failed without an answer).
    case proceed
    /// Same key, same fingerprint, answered before: send this response again.
    case replay(StoredResponse)
    /// Same key and fingerprint, but the first request is still running (409, retry later).
    case inProgress
    /// Same key with a different request (422 / 409 per the API).
    case conflict
}
