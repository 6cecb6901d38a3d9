import HTTP
import Synchronization

/// The service's rate limits, token buckets per client (`TokenBucket`, `BucketTable`):
///
/// - every `/v1/*` request but the webhooks': per client address, and per API key when it
///   needs one;
/// - a failed authentication: a stricter bucket per address; while it is empty, requests that
///   need a key are refused from that address whatever key they carry, so guessing learns
///   nothing (a key that happens to be right is refused too);
/// - `/v1/webhooks/*`: per client address, apart from the API's (providers share no bucket
///   with shops).
///
/// An IPv6 client is counted by its /64 prefix: one host usually holds a whole /64
/// (RFC 4291 §2.5.4), and counting single addresses would give it 2^64 buckets.
final class RateLimiter: Sendable {
    /// The rules, from `rate_limit.*`.
    struct Rules: Sendable, Equatable {
        var perKey: TokenBucket.Rule
        var perAddress: TokenBucket.Rule
        var failedAuthentication: TokenBucket.Rule
        var webhooksPerAddress: TokenBucket.Rule
        /// The most clients each per-address table remembers.
        var maxTrackedAddresses: Int
    }

    /// Which limit refused a request: a metric label and the problem's detail.
    enum Limit: String, Sendable, CaseIterable {
        case apiKey = "api_key"
        case address
        case authentication
        case webhook
    }

    /// What a request is, as far as the limits care.
    enum Kind: Sendable, Equatable {
        /// A provider's notification.
        case webhook
        /// Any other `/v1/*` request, with its key's standing.
        case api(Credential)
    }

    /// The API key a request carried, already checked.
    enum Credential: Sendable, Equatable {
        /// The route needs none (the buyer's return).
        case notNeeded
        /// The configured key at this index.
        case valid(keyIndex: Int)
        /// None, or one that is not configured.
        case invalid
    }

    /// The answer.
    enum Verdict: Sendable, Equatable {
        case allowed
        /// The key is missing or wrong (401), and this address may still try.
        case unauthorized
        /// 429, with `Retry-After`.
        case limited(Limit, retryAfterSeconds: Int)
    }

    private struct Tables: Sendable {
        var keys: BucketTable<Int>
        var addresses: BucketTable<IPAddress>
        var failures: BucketTable<IPAddress>
        var webhooks: BucketTable<IPAddress>
    }

    private let clock: any ServerClock
    private let tables: Mutex<Tables>

    /// Limits with these rules for `keyCount` API keys, reading time from `clock`.
    init(rules: Rules, keyCount: Int, clock: any ServerClock = MonotonicClock()) {
        self.clock = clock
        tables = Mutex(Tables(keys: BucketTable(rule: rules.perKey, capacity: max(1, keyCount)),
                              addresses: BucketTable(rule: rules.perAddress, capacity: rules.maxTrackedAddresses),
                              failures: BucketTable(rule: rules.failedAuthentication, capacity: rules.maxTrackedAddresses),
                              webhooks: BucketTable(rule: rules.webhooksPerAddress, capacity: rules.maxTrackedAddresses)))
    }

    /// Decides on one request from `address` (nil: unknown, counted as one client).
    func admit(_ kind: Kind, from address: IPAddress?) -> Verdict {
        let client = Self.client(address)
        let now = clock.now()
        return tables.withLock { tables in
            guard case .api(let credential) = kind else {
                return Self.verdict(.webhook, tables.webhooks.take(client, now: now))
            }
            if case .limited(let seconds) = tables.addresses.take(client, now: now) { return .limited(.address, retryAfterSeconds: seconds) }
            switch credential {
            case .notNeeded:
                return .allowed
            case .invalid:
                if case .limited(let seconds) = tables.failures.take(client, now: now) {
                    return .limited(.authentication, retryAfterSeconds: seconds)
                }
                return .unauthorized
            case .valid(let keyIndex):
                // A blocked address is refused even with the right key: see the type's comment.
                if case .limited(let seconds) = tables.failures.check(client, now: now) {
                    return .limited(.authentication, retryAfterSeconds: seconds)
                }
                return Self.verdict(.apiKey, tables.keys.take(keyIndex, now: now))
            }
        }
    }

    /// How many clients the per-address tables remember (tests: memory stays bounded).
    var trackedClients: (addresses: Int, failures: Int, webhooks: Int) {
        tables.withLock { ($0.addresses.count, $0.failures.count, $0.webhooks.count) }
    }

    private static func verdict(_ limit: Limit, _ decision: TokenBucket.Decision) -> Verdict {
        switch decision {
        case .allowed: .allowed
        case .limited(let seconds): .limited(limit, retryAfterSeconds: seconds)
        }
    }

    /// The address a bucket is kept for: IPv4 as is, IPv6 by its /64.
    static func client(_ address: IPAddress?) -> IPAddress {
        guard let address else { return IPAddress(high: 0, low: 0) }
        return address.isIPv4 ? address : IPAddress(high: address.high, low: 0)
    }
}
