import Foundation
import Payments
import Store
import XCTest

/// The webhook inbox in bounded form: unverifiable bodies capped (size and SHA-256 kept),
/// unverifiable rows pruned by count and age in bounded runs, verified ones never.
final class SQLiteStoreInboxTests: StoreTestCase {
    func testAnUnverifiableBodyIsStoredCappedWithItsSizeAndDigest() async throws {
        try await onEachStore {
            let store = try makeStore()
            let body = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            _ = try await store.insertWebhook(provider: .secuconnect, body: body, headers: [:], verification: .unsigned, bodyLimit: 8_192)
            _ = try await store.insertWebhook(provider: .pledg, body: body, headers: [:], verification: .verified, bodyLimit: 8_192)
            let items = try await store.unprocessedWebhooks(limit: 10)
            XCTAssertEqual(items.map(\.body.count), [8_192, 65_536], "a verified body is kept whole")
            XCTAssertEqual(items.first?.body, Array(body.prefix(8_192)))
            XCTAssertEqual(items.map(\.receivedSize), [65_536, 65_536])
            let footprint = try await store.inboxFootprint()
            XCTAssertEqual(footprint.rows, 2)
            XCTAssertEqual(footprint.storedBytes, 8_192 + 65_536)
            XCTAssertEqual(footprint.receivedBytes, 2 * 65_536)
        }
    }

    func testPruningKeepsTheNewestUnverifiedRowsAndEveryVerifiedOne() async throws {
        try await onEachStore {
            let store = try makeStore()
            var verified: [Int64] = []
            var unsigned: [Int64] = []
            for index in 0..<30 {
                if index % 3 == 0 {
                    verified.append(try await store.insertWebhook(provider: .pledg, body: [1], headers: [:], verification: .verified))
                } else {
                    let kind: WebhookInboxItem.Verification = index % 3 == 1 ? .unsigned : .rejected
                    unsigned.append(try await store.insertWebhook(provider: .secuconnect, body: [2], headers: [:], verification: kind))
                }
            }
            // Bounded per run: 20 unverifiable rows, keep 5, batch 10 → 10 now, 5 next, then none.
            var pruned = try await store.pruneUnverifiedWebhooks(receivedBefore: .distantPast, keepingAtMost: 5, batch: 10)
            XCTAssertEqual(pruned, 10)
            pruned = try await store.pruneUnverifiedWebhooks(receivedBefore: .distantPast, keepingAtMost: 5, batch: 10)
            XCTAssertEqual(pruned, 5)
            pruned = try await store.pruneUnverifiedWebhooks(receivedBefore: .distantPast, keepingAtMost: 5, batch: 10)
            XCTAssertEqual(pruned, 0)
            let left = try await store.unprocessedWebhooks(limit: 100).map(\.id)
            XCTAssertEqual(left, (verified + unsigned.suffix(5)).sorted())
        }
    }

    func testPruningDropsUnverifiedRowsPastTheRetention() async throws {
        try await onEachStore {
            let store = try makeStore()
            let old = try await store.insertWebhook(provider: .secuconnect, body: [1], headers: [:], verification: .unsigned)
            let oldVerified = try await store.insertWebhook(provider: .pledg, body: [1], headers: [:], verification: .verified)
            clock.advance(by: 3_600)
            let recent = try await store.insertWebhook(provider: .secuconnect, body: [1], headers: [:], verification: .unsigned)
            try await store.markWebhookProcessed(old, result: "ignored")
            let pruned = try await store.pruneUnverifiedWebhooks(receivedBefore: clock.now.addingTimeInterval(-1_800),
                                                                 keepingAtMost: 100, batch: 100)
            XCTAssertEqual(pruned, 1)
            let footprint = try await store.inboxFootprint()
            XCTAssertEqual(footprint.rows, 2)
            let left = try await store.unprocessedWebhooks(limit: 10).map(\.id)
            XCTAssertEqual(left, [oldVerified, recent])
        }
    }
}
