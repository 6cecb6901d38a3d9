/// Token buckets by client (address, API key), in a table of bounded size: a client that
/// does not fit makes room by forgetting first the buckets that are full again (forgetting
/// those changes nothing), then the least recently used. Random addresses or keys therefore cannot
/// grow it; at worst they make it forget an idle client, whose bucket starts full again.
struct BucketTable<Key: Hashable & Sendable>: Sendable {
    let rule: TokenBucket.Rule
    /// The most buckets kept.
    let capacity: Int
    private var buckets: [Key: Entry] = [:]
    /// Counts uses: an entry's `lastUse` orders the entries by recency, ties impossible.
    private var uses: UInt64 = 0

    private struct Entry: Sendable {
        var bucket: TokenBucket
        var lastUse: UInt64
    }

    init(rule: TokenBucket.Rule, capacity: Int) {
        precondition(capacity >= 1, "a bucket table needs room for one client")
        self.rule = rule
        self.capacity = capacity
    }

    /// How many clients it remembers.
    var count: Int { buckets.count }

    /// Takes a token from `key`'s bucket (a new, full one when it has none).
    mutating func take(_ key: Key, now: UInt64) -> TokenBucket.Decision {
        uses += 1
        if let index = buckets.index(forKey: key) {
            buckets.values[index].lastUse = uses
            return buckets.values[index].bucket.take(rule: rule, now: now)
        }
        makeRoom(now: now)
        var bucket = TokenBucket(rule: rule, now: now)
        let decision = bucket.take(rule: rule, now: now)
        buckets[key] = Entry(bucket: bucket, lastUse: uses)
        return decision
    }

    /// Whether `key` has a token, without taking one; a client without a bucket has.
    mutating func check(_ key: Key, now: UInt64) -> TokenBucket.Decision {
        guard let index = buckets.index(forKey: key) else { return .allowed }
        uses += 1
        buckets.values[index].lastUse = uses
        return buckets.values[index].bucket.check(rule: rule, now: now)
    }

    /// Before adding a bucket to a full table: drop the full buckets; if that freed less than
    /// a quarter, drop the least recently used down to three quarters. Each sweep costs O(n log n)
    /// and then leaves room for n/4 new clients, so a flood of new ones costs O(log n) each.
    private mutating func makeRoom(now: UInt64) {
        guard buckets.count >= capacity else { return }
        buckets = buckets.filter { !$0.value.bucket.isFull(rule: rule, now: now) }
        let target = capacity - max(1, capacity / 4)
        guard buckets.count > target else { return }
        let leastRecentFirst = buckets.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, _) in leastRecentFirst.prefix(buckets.count - target) { buckets.removeValue(forKey: key) }
    }
}
