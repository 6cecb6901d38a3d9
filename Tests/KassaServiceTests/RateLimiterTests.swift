import HTTP
@testable import KassaService
import XCTest

/// The token bucket, the bounded table of buckets, and the limits' policy, on a manual clock.
final class RateLimiterTests: XCTestCase {
    private let second: UInt64 = 1_000_000_000

    func testABucketAllowsItsBurstThenRefillsAtItsRate() {
        let rule = TokenBucket.Rule(perSecond: 2, burst: 3)
        var bucket = TokenBucket(rule: rule, now: 0)
        for _ in 0..<3 { XCTAssertEqual(bucket.take(rule: rule, now: 0), .allowed) }
        XCTAssertEqual(bucket.take(rule: rule, now: 0), .limited(retryAfterSeconds: 1))
        // Half a second later one token is back (2 per second), and only one.
        XCTAssertEqual(bucket.take(rule: rule, now: second / 2), .allowed)
        XCTAssertEqual(bucket.take(rule: rule, now: second / 2), .limited(retryAfterSeconds: 1))
        // Never more than the burst, however long it rested.
        for _ in 0..<3 { XCTAssertEqual(bucket.take(rule: rule, now: 3600 * second), .allowed) }
        XCTAssertEqual(bucket.take(rule: rule, now: 3600 * second), .limited(retryAfterSeconds: 1))
    }

    func testRetryAfterIsTheWholeSecondsUntilTheNextToken() {
        let rule = TokenBucket.Rule(perSecond: 10.0 / 60, burst: 1)   // 10 a minute
        var bucket = TokenBucket(rule: rule, now: 0)
        XCTAssertEqual(bucket.take(rule: rule, now: 0), .allowed)
        XCTAssertEqual(bucket.take(rule: rule, now: 0), .limited(retryAfterSeconds: 6))
        XCTAssertEqual(bucket.take(rule: rule, now: 4 * second), .limited(retryAfterSeconds: 2))
        XCTAssertEqual(bucket.take(rule: rule, now: 6 * second), .allowed)
    }

    func testAClockReadingFromThePastCountsAsNoTime() {
        let rule = TokenBucket.Rule(perSecond: 1, burst: 1)
        var bucket = TokenBucket(rule: rule, now: 10 * second)
        XCTAssertEqual(bucket.take(rule: rule, now: 10 * second), .allowed)
        XCTAssertEqual(bucket.take(rule: rule, now: 5 * second), .limited(retryAfterSeconds: 1))
    }

    func testRandomClientsCannotGrowTheTable() {
        var table = BucketTable<IPAddress>(rule: TokenBucket.Rule(perSecond: 1, burst: 2), capacity: 1000)
        var generator = SystemRandomNumberGenerator()
        var largest = 0
        for step in 0..<20_000 {
            _ = table.take(IPAddress(ipv4: generator.next()), now: UInt64(step) * 1000)
            largest = max(largest, table.count)
        }
        XCTAssertEqual(largest, 1000)
    }

    func testABusyClientSurvivesAFloodOfNewOnes() {
        var table = BucketTable<IPAddress>(rule: TokenBucket.Rule(perSecond: 1, burst: 2), capacity: 100)
        let busy = IPAddress(ipv4: 0x0A00_0001)
        XCTAssertEqual(table.take(busy, now: 0), .allowed)
        XCTAssertEqual(table.take(busy, now: 0), .allowed)
        for index in 0..<10_000 {
            // The busy client keeps asking (and keeps being refused) while others flood in.
            if index % 10 == 0 { XCTAssertNotEqual(table.take(busy, now: 0), .allowed, "its bucket was forgotten at \(index)") }
            _ = table.take(IPAddress(ipv4: UInt32(0x0B00_0000 + index)), now: 0)
        }
    }

    func testFullBucketsAreForgottenFirst() {
        var table = BucketTable<Int>(rule: TokenBucket.Rule(perSecond: 1, burst: 1), capacity: 4)
        for key in 0..<4 { XCTAssertEqual(table.take(key, now: 0), .allowed) }
        // Ten seconds on every bucket is full again: a fifth client clears them all.
        XCTAssertEqual(table.take(4, now: 10 * second), .allowed)
        XCTAssertEqual(table.count, 1)
    }

    private func limiter(_ clock: ManualClock, maxTracked: Int = 100) -> RateLimiter {
        RateLimiter(rules: .init(perKey: .init(perSecond: 1, burst: 3), perAddress: .init(perSecond: 1, burst: 5),
                                 failedAuthentication: .init(perSecond: 1.0 / 60, burst: 2),
                                 webhooksPerAddress: .init(perSecond: 1, burst: 2), maxTrackedAddresses: maxTracked),
                    keyCount: 2, clock: clock)
    }

    private let shop = IPAddress(ipv4: 0xC000_0201)   // 192.0.2.1
    private let other = IPAddress(ipv4: 0xC000_0202)

    func testEachAPIKeyHasItsOwnBucket() {
        let clock = ManualClock()
        let limits = limiter(clock)
        for _ in 0..<3 { XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 0)), from: shop), .allowed) }
        XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 0)), from: other), .limited(.apiKey, retryAfterSeconds: 1))
        XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 1)), from: other), .allowed)
        clock.advance(by: .seconds(1))
        XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 0)), from: other), .allowed)
    }

    func testEachAddressHasItsOwnBucketWithOrWithoutAKey() {
        let limits = limiter(ManualClock())
        for _ in 0..<5 { XCTAssertEqual(limits.admit(.api(.notNeeded), from: shop), .allowed) }
        XCTAssertEqual(limits.admit(.api(.notNeeded), from: shop), .limited(.address, retryAfterSeconds: 1))
        XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 0)), from: shop), .limited(.address, retryAfterSeconds: 1))
        XCTAssertEqual(limits.admit(.api(.notNeeded), from: other), .allowed)
    }

    func testFailedAuthenticationsBlockTheAddressEvenForTheRightKey() {
        let clock = ManualClock()
        let limits = limiter(clock)
        XCTAssertEqual(limits.admit(.api(.invalid), from: shop), .unauthorized)
        XCTAssertEqual(limits.admit(.api(.invalid), from: shop), .unauthorized)
        XCTAssertEqual(limits.admit(.api(.invalid), from: shop), .limited(.authentication, retryAfterSeconds: 60))
        // A guess that happens to be right learns nothing while the address is blocked.
        XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 0)), from: shop), .limited(.authentication, retryAfterSeconds: 60))
        // Another address is not affected, nor is a route without a key.
        XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 0)), from: other), .allowed)
        XCTAssertEqual(limits.admit(.api(.notNeeded), from: shop), .allowed)
        clock.advance(by: .seconds(60))
        XCTAssertEqual(limits.admit(.api(.valid(keyIndex: 0)), from: shop), .allowed)
    }

    func testWebhooksHaveTheirOwnBucketPerAddress() {
        let limits = limiter(ManualClock())
        XCTAssertEqual(limits.admit(.webhook, from: shop), .allowed)
        XCTAssertEqual(limits.admit(.webhook, from: shop), .allowed)
        XCTAssertEqual(limits.admit(.webhook, from: shop), .limited(.webhook, retryAfterSeconds: 1))
        XCTAssertEqual(limits.admit(.webhook, from: other), .allowed)
        // The API's bucket for that address is untouched.
        XCTAssertEqual(limits.admit(.api(.notNeeded), from: shop), .allowed)
    }

    func testAnIPv6ClientIsCountedByItsSlash64() {
        let limits = limiter(ManualClock())
        let prefix: UInt64 = 0x2001_0DB8_0000_0001
        for host in 0..<5 { XCTAssertEqual(limits.admit(.api(.notNeeded), from: IPAddress(high: prefix, low: UInt64(host))), .allowed) }
        XCTAssertEqual(limits.admit(.api(.notNeeded), from: IPAddress(high: prefix, low: 0xFFFF)), .limited(.address, retryAfterSeconds: 1))
        XCTAssertEqual(limits.admit(.api(.notNeeded), from: IPAddress(high: prefix + 1, low: 0)), .allowed)
    }

    func testAFloodOfAddressesKeepsEveryTableBounded() {
        let limits = limiter(ManualClock(), maxTracked: 64)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let address = IPAddress(high: generator.next(), low: generator.next())
            _ = limits.admit(.api(.invalid), from: address)
            _ = limits.admit(.webhook, from: address)
        }
        let tracked = limits.trackedClients
        XCTAssertLessThanOrEqual(tracked.addresses, 64)
        XCTAssertLessThanOrEqual(tracked.failures, 64)
        XCTAssertLessThanOrEqual(tracked.webhooks, 64)
    }

    func testAddressesPrintAsUsual() {
        XCTAssertEqual(IPAddress(ipv4: 0x7F00_0001).description, "127.0.0.1")
        XCTAssertTrue(IPAddress(ipv4: 0x7F00_0001).isIPv4)
        XCTAssertEqual(IPAddress(high: 0, low: 1).description, "0:0:0:0:0:0:0:1")
        XCTAssertFalse(IPAddress(high: 0, low: 1).isIPv4)
    }
}
