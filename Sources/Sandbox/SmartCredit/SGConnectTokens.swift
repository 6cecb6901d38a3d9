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

    /// Forgets every token.
    func revokeAll() {
        tokens.withLock { $0.removeAll() }
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
