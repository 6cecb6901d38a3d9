import Crypto
import FoundationEssentials
import JSON
import Synchronization

/// The OAuth access tokens the simulator issued, each valid for the lifetime from its issue
/// (seed 001: `"expires_in": 3600`). They look like Cognito's (seed 001: `"eyJraWQi....Qeg"`, a
/// JWT) but are opaque here: only a token issued and not expired is accepted. Lookups compare in
/// constant time against every live token; at most `capacity` are kept (the oldest go first).
final class SmartPayAccessTokens: Sendable {
    private struct Token {
        let value: String
        let expires: Date
    }

    private let tokens = Mutex<[Token]>([])
    private let capacity: Int

    /// A token list of at most `capacity` tokens.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A new token for `clientID`, valid until `now + lifetime`.
    func issue(clientID: String, now: Date, lifetime: Int) -> String {
        let issued = Int(now.timeIntervalSince1970)
        let header: JSONValue = ["kid": "sandbox", "alg": "RS256"]
        let claims: JSONValue = .object([
            "sub": .string(clientID), "token_use": "access", "scope": "smartpay/api",
            "iat": .number(JSONNumber(issued)), "exp": .number(JSONNumber(issued + lifetime)),
            "jti": .string(SmartPayFormat.guid()), "client_id": .string(clientID),
        ])
        // The signature part is random: nobody verifies it but this list.
        let signature = Base64URL.encode(Array(SmartPayFormat.checkoutToken().utf8))
        let value = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(claims.serialized()) + "." + signature
        tokens.withLock { tokens in
            tokens.removeAll { $0.expires <= now }
            tokens.append(Token(value: value, expires: now.addingTimeInterval(TimeInterval(lifetime))))
            if tokens.count > capacity { tokens.removeFirst(tokens.count - capacity) }
        }
        return value
    }

    /// True when `value` is a token issued here that has not expired at `now`.
    func isValid(_ value: String, now: Date) -> Bool {
        tokens.withLock { tokens in
            var isFound = false
            // Every token is compared, whatever matches, so the time does not tell which.
            for token in tokens where ConstantTime.equals(token.value, value) && token.expires > now {
                isFound = true
            }
            return isFound
        }
    }

    /// Drops every token (a test revokes them to see a 401 clear the client's cache).
    func revokeAll() {
        tokens.withLock { $0.removeAll() }
    }
}
