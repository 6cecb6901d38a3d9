import Foundation
import Payments
@testable import Store
import XCTest

/// The operator page's queries on PostgreSQL (their SQL differs most from SQLite's: JSON
/// operators, `bytea` excerpts, bounded counts); the page itself is tested on SQLite in
/// KassaServiceTests/AdminPageTests.
final class PostgresAdminTests: PostgresStoreTestCase {
    func testTheOperatorPagesQueriesFindWhatWasStored() async throws {
        let store = try makeStore()
        let (paid, _) = try await store.createCheckout(newCheckout("order-paid"))
        _ = try await store.attachProviderReference("STX_9", data: ["pci": "PCI_42"], to: paid.id)
        _ = try await store.apply(update(.paid), to: paid.id)
        let (stuck, _) = try await store.createCheckout(newCheckout("order-stuck", provider: .pledg))
        _ = try await store.markNeedsSync(stuck.id, source: .api, detail: "timeout")
        let (_, _) = try await store.createCheckout(newCheckout("order-waiting"))

        _ = try await store.insertWebhook(provider: .secuconnect, body: Array(#"{"status":"paid"}"#.utf8),
                                          headers: ["x-kassa-lookup": "reference:STX_9"], verification: .verified)
        let rejected = try await store.insertWebhook(provider: .secuconnect, body: Array(repeating: 0x41, count: 1000),
                                                     headers: [:], verification: .rejected, bodyLimit: 10)
        // The first event of `paid` delivered, its transition dead.
        let due = try await store.dueOutboxItems(limit: 100)
        let paidItems = due.filter { $0.event.checkoutID == paid.id }
        XCTAssertEqual(paidItems.count, 2)
        try await store.recordDeliveryAttempt(outboxID: paidItems[0].id, attempt: EventDeliveryAttempt(
            attemptedAt: clock.now, httpStatus: 200, durationMilliseconds: 5, error: nil), outcome: .delivered)
        try await store.recordDeliveryAttempt(outboxID: paidItems[1].id, attempt: EventDeliveryAttempt(
            attemptedAt: clock.now, httpStatus: 500, durationMilliseconds: 7, error: "HTTP 500"), outcome: .dead)

        clock.advance(by: 3600)
        let overview = try await store.adminOverview(since: clock.now.addingTimeInterval(-7200),
                                                     stuckBefore: clock.now.addingTimeInterval(-600), limit: 10)
        XCTAssertEqual(Set(overview.recent), [
            AdminOverview.Tally(provider: .secuconnect, status: .paid, count: 1),
            AdminOverview.Tally(provider: .secuconnect, status: .created, count: 1),
            AdminOverview.Tally(provider: .pledg, status: .created, count: 1),
        ])
        XCTAssertEqual(overview.needsSync, BoundedCount(value: 1, isCapped: false))
        XCTAssertEqual(overview.needsSyncCheckouts.map(\.id), [stuck.id])
        XCTAssertEqual(overview.stuck.value, 1, "the waiting one; the flagged one is counted as needs_sync")
        XCTAssertEqual(overview.deadEvents.value, 1)
        XCTAssertEqual(overview.deadEventList.first?.state, .dead)
        XCTAssertEqual(overview.deadEventList.first?.lastError, "HTTP 500")
        XCTAssertEqual(overview.outboxBacklog.value, due.count - 2)
        XCTAssertNotNil(overview.oldestBacklogQueuedAt)
        XCTAssertEqual(overview.rejectedNotifications.value, 1)
        XCTAssertEqual(overview.rejectedNotificationList.first?.id, rejected)
        XCTAssertEqual(overview.rejectedNotificationList.first?.receivedBytes, 1000)
        XCTAssertEqual(overview.rejectedNotificationList.first?.excerpt, String(repeating: "A", count: 10))

        for term in [paid.id.rawValue, "order-paid", "STX_9", "PCI_42"] {
            let found = try await store.adminSearch(term, limit: 10)
            XCTAssertEqual(found.map(\.id), [paid.id], term)
        }
        let nothing = try await store.adminSearch("nothing-like-it", limit: 10)
        XCTAssertEqual(nothing, [])

        let timeline = try await store.adminTimeline(of: paid.id, limit: 10)
        XCTAssertEqual(timeline.map(\.kind), [.created, .transition])
        let stored = try await store.checkout(id: paid.id)
        let inbox = try await store.adminInbox(of: try XCTUnwrap(stored), limit: 10)
        XCTAssertEqual(inbox.map(\.lookup), ["reference:STX_9"])
        XCTAssertEqual(inbox.first?.excerpt, #"{"status":"paid"}"#)
        let deliveries = try await store.adminDeliveries(of: paid.id, limit: 10)
        XCTAssertEqual(deliveries.map(\.state), [.delivered, .dead])
        XCTAssertEqual(deliveries.map(\.attempts), [1, 1])

        let attempts = try await store.deliveryAttempts(of: paidItems[1].event.id)
        XCTAssertEqual(attempts?.map(\.httpStatus), [500])
        let redelivered = try await store.redeliverEvent(paidItems[1].event.id)
        XCTAssertTrue(redelivered)
        let after = try await store.adminDeliveries(of: paid.id, limit: 10)
        XCTAssertEqual(after.map(\.state), [.delivered, .waiting])
        let unknown = try await store.redeliverEvent(EventID("evt_unknown"))
        XCTAssertFalse(unknown)
        let dead = try await store.deadEventCount()
        XCTAssertEqual(dead, 0)
        let oldest = try await store.oldestNeedsSyncChange()
        XCTAssertNotNil(oldest)
    }
}
