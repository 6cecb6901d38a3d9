import Foundation
import Payments
import Store
import XCTest

final class SQLiteStoreCheckoutTests: StoreTestCase {
    func testCreatedCheckoutReadsBackWithItsCreatedEvent() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, event) = try await store.createCheckout(newCheckout(minor: 4485))
            XCTAssertEqual(checkout.status, .created)
            XCTAssertEqual(event.kind, .created)
            XCTAssertNil(event.oldStatus)
            XCTAssertTrue(event.id.rawValue.hasPrefix("evt_"))
            let read = try await store.checkout(id: checkout.id)
            XCTAssertEqual(read, checkout)
            XCTAssertEqual(read?.amount, Money(minorUnits: 4485, currency: .eur))
            XCTAssertEqual(read?.createdAt, clock.now)
            let history = try await store.events(of: checkout.id)
            XCTAssertEqual(history, [event])
            let missing = try await store.checkout(id: CheckoutID("chk_nope"))
            XCTAssertNil(missing)
        }
    }

    func testAnOrderKeepsEveryAttemptAndAPaidOrderRefusesNewOnes() async throws {
        try await onEachStore {
            // Through the protocol, as the service holds it.
            let store: any PaymentStore = try makeStore()
            let (first, _) = try await store.createCheckout(newCheckout("order-7", provider: .pledg))
            _ = try await store.apply(update(.failed), to: first.id)
            clock.advance(by: 1)
            let (second, _) = try await store.createCheckout(newCheckout("order-7", provider: .smartpay))
            _ = try await store.apply(update(.paid), to: second.id)

            let order = try await store.order(reference: "order-7")
            XCTAssertEqual(order?.attempts.map(\.id), [first.id, second.id])
            XCTAssertEqual(order?.aggregateStatus, .paid)
            await XCTAssertThrowsStoreError(.orderAlreadyPaid) { try await store.createCheckout(self.newCheckout("order-7")) }

            // Still refused after the paid attempt is refunded: the order was paid once.
            _ = try await store.apply(update(.refunded), to: second.id)
            await XCTAssertThrowsStoreError(.orderAlreadyPaid) { try await store.createCheckout(self.newCheckout("order-7")) }
            let unknown = try await store.order(reference: "order-8")
            XCTAssertNil(unknown)
        }
    }

    func testADuplicateCheckoutIdIsRefused() async throws {
        try await onEachStore {
            let store = try makeStore()
            let new = newCheckout()
            _ = try await store.createCheckout(new)
            await XCTAssertThrowsStoreError(.duplicateReference) { try await store.createCheckout(new) }
        }
    }

    func testProviderReferenceFindsTheCheckoutAndIsUniquePerProvider() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (a, _) = try await store.createCheckout(newCheckout("o-a", provider: .secuconnect))
            let (b, _) = try await store.createCheckout(newCheckout("o-b", provider: .secuconnect))
            let (c, _) = try await store.createCheckout(newCheckout("o-c", provider: .smartpay))
            let attached = try await store.attachProviderReference("STX_1", data: ["payment_id": "PCI_9"], to: a.id)
            XCTAssertEqual(attached.providerReference, "STX_1")
            let merged = try await store.attachProviderReference(nil, data: ["url": "https://pay"], to: a.id)
            XCTAssertEqual(merged.providerData, ["payment_id": "PCI_9", "url": "https://pay"])
            XCTAssertEqual(merged.providerReference, "STX_1")

            let found = try await store.checkout(provider: .secuconnect, reference: "STX_1")
            XCTAssertEqual(found?.id, a.id)
            XCTAssertEqual(found?.providerData["url"], "https://pay")
            let wrongProvider = try await store.checkout(provider: .smartpay, reference: "STX_1")
            XCTAssertNil(wrongProvider)

            await XCTAssertThrowsStoreError(.duplicateReference) { try await store.attachProviderReference("STX_1", data: [:], to: b.id) }
            // The same reference at another provider is another payment.
            _ = try await store.attachProviderReference("STX_1", data: [:], to: c.id)
            await XCTAssertThrowsStoreError(.checkoutNotFound) {
                try await store.attachProviderReference("x", data: [:], to: CheckoutID("chk_missing"))
            }
        }
    }

    func testInputIsBoundNotSpliced() async throws {
        try await onEachStore {
            let store = try makeStore()
            let hostile = "o'); DROP TABLE checkouts; --"
            let (checkout, _) = try await store.createCheckout(newCheckout(hostile))
            let order = try await store.order(reference: hostile)
            XCTAssertEqual(order?.attempts.map(\.id), [checkout.id])
            _ = try await store.attachProviderReference("a\u{0}b", data: ["k\"": "v'\u{0}"], to: checkout.id)
            let read = try await store.checkout(provider: .secuconnect, reference: "a\u{0}b")
            XCTAssertEqual(read?.providerData, ["k\"": "v'\u{0}"])
        }
    }

    func testDataSurvivesReopeningTheDatabase() async throws {
        try await onEachStore {
            var store: (any StoreUnderTest)? = try makeStore(durability: .full)
            let (checkout, _) = try await store!.createCheckout(newCheckout())
            _ = try await store!.apply(update(.authorized), to: checkout.id)
            store = nil
            let reopened = try makeStore()
            let read = try await reopened.checkout(id: checkout.id)
            XCTAssertEqual(read?.status, .authorized)
            if let file = reopened as? SQLiteStore {
                let integrity = try await file.integrityCheck()
                XCTAssertEqual(integrity, ["ok"])
            }
            try await reopened.checkReadiness()
        }
    }
}
