import Crypto
import FoundationEssentials
import Synchronization

/// The OAuth access tokens the simulator issued, each valid for the lifetime from its issue
/// (PROVIDERS.md A: 1,200 s). Lookups compare in constant time against every live token;
/// expired tokens are dropped and at most `capacity` are kept (the oldest go first).
final class AccessTokens: Sendable {
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

    /// A new token valid until `now + lifetime`.
    func issue(now: Date, lifetime: Int) -> String {
        // Seed 004: "qb56tjj1bcvo9n2nj4u38k84lo": 26 lower-case alphanumerics.
        let value = RandomIdentifier.make(26, from: RandomIdentifier.lowerAlphanumeric)
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
}
