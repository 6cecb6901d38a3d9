import Foundation
import Payments
import Store
import XCTest

/// `checkouts(matching:)`: newest first, filters, and a cursor that neither repeats nor skips
/// when many checkouts share one millisecond; metadata and capture choice round-trip.
final class SQLiteStoreListingTests: StoreTestCase {
    func testPagesInsideOneMillisecondNeitherRepeatNorSkip() async throws {
        try await onEachStore {
            let store = try makeStore()
            var created: [CheckoutID] = []
            // The clock does not move: every checkout has the same created_at.
            for index in 0..<7 { created.append(try await store.createCheckout(newCheckout("order-\(index)")).0.id) }
            var seen: [CheckoutID] = []
            var cursor: CheckoutID?
            repeat {
                let page = try await store.checkouts(matching: CheckoutListQuery(limit: 3, startingAfter: cursor))
                seen += page.map(\.id)
                cursor = page.count == 3 ? page.last?.id : nil
            } while cursor != nil
            XCTAssertEqual(seen, created.reversed())
        }
    }

    func testFiltersAndCreatedAfter() async throws {
        try await onEachStore {
            let store = try makeStore()
            let first = try await store.createCheckout(newCheckout("order-a")).0
            clock.advance(by: 1)
            let second = try await store.createCheckout(newCheckout("order-b", provider: .smartpay)).0
            clock.advance(by: 1)
            let third = try await store.createCheckout(newCheckout("order-a")).0
            _ = try await store.apply(update(.paid), to: third.id)

            func list(_ query: CheckoutListQuery) async throws -> [CheckoutID] { try await store.checkouts(matching: query).map(\.id) }
            let ofOrderA = try await list(.init(orderReference: "order-a", limit: 10))
            XCTAssertEqual(ofOrderA, [third.id, first.id])
            let paid = try await list(.init(status: .paid, limit: 10))
            XCTAssertEqual(paid, [third.id])
            let ofSmartpay = try await list(.init(provider: .smartpay, limit: 10))
            XCTAssertEqual(ofSmartpay, [second.id])
            let afterTheFirst = try await list(.init(createdAfter: first.createdAt, limit: 10))
            XCTAssertEqual(afterTheFirst, [third.id, second.id])
            let createdOfOrderA = try await list(.init(orderReference: "order-a", status: .created, limit: 10))
            XCTAssertEqual(createdOfOrderA, [first.id])
            await XCTAssertThrowsStoreError(.checkoutNotFound) {
                try await store.checkouts(matching: CheckoutListQuery(limit: 10, startingAfter: CheckoutID("chk_nope")))
            }
        }
    }

    func testMetadataAndCaptureMethodRoundTripOnTheCheckoutAndItsEvents() async throws {
        try await onEachStore {
            let store = try makeStore()
            var new = newCheckout("order-meta")
            new.metadata = ["cart": "c-1", "note": "größe \"M\""]
            new.captureMethod = .manual
            let (created, event) = try await store.createCheckout(new)
            XCTAssertEqual(event.metadata, new.metadata)
            let read = try await store.checkout(id: created.id)
            XCTAssertEqual(read?.metadata, new.metadata)
            XCTAssertEqual(read?.captureMethod, .manual)
            let outcome = try await store.apply(update(.authorized), to: created.id)
            XCTAssertEqual(outcome.event.metadata, new.metadata)
            let history = try await store.events(of: created.id).map(\.metadata)
            XCTAssertEqual(history, [new.metadata, new.metadata])
            let log = try await store.events(after: 0, limit: 10).map(\.metadata)
            XCTAssertEqual(log, [new.metadata, new.metadata])
            let outbox = try await store.dueOutboxItems(limit: 10).map(\.event.metadata)
            XCTAssertEqual(outbox, [new.metadata, new.metadata])
            // Without metadata: empty, and no capture choice.
            let plain = try await store.createCheckout(newCheckout("order-plain")).0
            let plainMetadata = try await store.checkout(id: plain.id)?.metadata
            XCTAssertEqual(plainMetadata, [:])
            let plainCapture = try await store.checkout(id: plain.id)?.captureMethod
            XCTAssertNil(plainCapture)
        }
    }
}
