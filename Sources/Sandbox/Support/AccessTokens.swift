import Crypto
import FoundationEssentials
import Synchronization

/// The OAuth access tokens a simulator issued, each with what it grants and valid for the
/// lifetime from its issue. Lookups compare in constant time against every live token;
/// expired tokens are dropped and at most `capacity` are kept (the oldest go first). Each
/// simulator makes its own token values, in its provider's look.
final class GrantedAccessTokens<Grant: Sendable>: Sendable {
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

    /// Keeps `value` as a token granting `grant`, valid until `now + lifetime`; answers `value`.
    @discardableResult
    func issue(_ value: String, grant: Grant, now: Date, lifetime: Int) -> String {
        tokens.withLock { tokens in
            tokens.removeAll { $0.expires <= now }
            tokens.append(Token(value: value, grant: grant, expires: now.addingTimeInterval(TimeInterval(lifetime))))
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

    /// True when `value` is a token issued here that has not expired at `now`.
    func isValid(_ value: String, now: Date) -> Bool {
        grant(value, now: now) != nil
    }

    /// Drops every token (a test revokes them to see a 401 clear the client's cache).
    func revokeAll() {
        tokens.withLock { $0.removeAll() }
    }
}

/// Tokens that grant nothing beyond being valid (Secuconnect, Pledg, SmartPay).
typealias AccessTokens = GrantedAccessTokens<Void>

extension GrantedAccessTokens where Grant == Void {
    /// A new opaque token valid until `now + lifetime`. Secuconnect's seed 004 shows
    /// "qb56tjj1bcvo9n2nj4u38k84lo": 26 lower-case alphanumerics (Pledg's are not documented).
    func issue(now: Date, lifetime: Int) -> String {
        issue(RandomIdentifier.make(26, from: RandomIdentifier.lowerAlphanumeric), grant: (), now: now, lifetime: lifetime)
    }
}
