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

/// An `Idempotency-Key` within its scope, the API key the request authenticated with: the same
/// key sent under two API keys names two different requests, so one client can neither replay
/// nor block another's.
public struct IdempotencyKey: Hashable, Sendable, CustomStringConvertible {
    /// Lower-case hex SHA-256 of the API key. The API key itself is never stored.
    public let scope: String
    /// The key as the client sent it.
    public let value: String

    /// A key in an already computed scope (as stored).
    public init(_ value: String, scope: String) {
        self.value = value
        self.scope = scope
    }

    /// A key sent with the API key `apiKey`.
    public init(_ value: String, apiKey: some Collection<UInt8>) {
        self.init(value, scope: Hex.encode(SHA256.hash(apiKey)))
    }

    /// The client's key (the scope is a digest, of no use in a log line).
    public var description: String { value }
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
    /// Same key and fingerprint, claimed by an earlier run of Kassa whose request never
    /// answered (killed, or cut by the shutdown grace) after it had stored this attempt: the
    /// retry is answered with the attempt's current state (it is `needs_sync` since start-up).
    case resume(CheckoutID)
    /// Same key with a different request (422 / 409 per the API).
    case conflict
}
