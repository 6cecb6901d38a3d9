import Crypto
import FoundationEssentials
import Synchronization

/// The SG Connect access tokens the simulator issued, each with its granted scopes and valid
/// for the lifetime from its issue (seed 000: `expires_in: 599`). Lookups compare in constant
/// time against every live token; expired tokens are dropped and at most `capacity` are kept.
final class SGConnectTokens: Sendable {
    /// A live token's grant.
    struct Grant: Sendable, Equatable {
        let scopes: [String]
    }

    private struct Token {
        let value: String
        let grant: Grant
        let expires: Date
    }

    private let tokens = Mutex<[Token]>([])
    private let capacity: Int

    /// A token list of at most `capacity` tokens.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A new token for `scopes`, valid until `now + lifetime`. Seed 000's example token is a
    /// UUID (`05ebf626-2e71-497b-b9d7-c9c7f2bebaf8`).
    func issue(scopes: [String], now: Date, lifetime: Int) -> String {
        let value = SmartCreditIdentifier.uuid()
        tokens.withLock { tokens in
            tokens.removeAll { $0.expires <= now }
            tokens.append(Token(value: value, grant: Grant(scopes: scopes), expires: now.addingTimeInterval(TimeInterval(lifetime))))
            if tokens.count > capacity { tokens.removeFirst(tokens.count - capacity) }
        }
        return value
    }

    /// The grant of `value` when it is a token issued here that has not expired at `now`.
    func grant(_ value: String, now: Date) -> Grant? {
        tokens.withLock { tokens in
            var found: Grant?
            // Every token is compared, whatever matches, so the time does not tell which.
            for token in tokens where ConstantTime.equals(token.value, value) && token.expires > now {
                found = token.grant
            }
            return found
        }
    }
}

/// The identifiers the simulated SmartCredit hands out.
enum SmartCreditIdentifier {
    /// A random version 4 UUID in lower case, the shape of seed 000's access token, of the
    /// spec's `auxiliaryDataId` and of FintechOS ids.
    static func uuid() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Hex.encode(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
                     hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// An `id_token`-looking compact JWS (seed 000: `eyAidHlwIjogIkpXVCIsICJr…`): a header, the
    /// client and scopes as claims, and random bytes where a signature would be. Nothing in
    /// Kassa reads it.
    static func idToken(clientID: String, scopes: [String], issuedAt: Date) -> String {
        let header = #"{ "typ": "JWT", "kid": "sandbox", "alg": "RS256" }"#
        let seconds = Int(issuedAt.timeIntervalSince1970)
        let claims = #"{"sub":"\#(clientID.filter { $0.isLetter || $0.isNumber })","aud":"sandbox","iat":\#(seconds),"scope":"\#(scopes.joined(separator: " "))"}"#
        return Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8)) + "."
            + Base64URL.encode(SecureRandom.bytes(32))
    }
}
