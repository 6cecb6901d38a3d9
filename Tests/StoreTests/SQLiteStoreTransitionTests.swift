import Foundation
import Payments
import Store
import XCTest

final class SQLiteStoreTransitionTests: StoreTestCase {
    func testAppliedIgnoredAndIntegrityUpdatesAreAllRecorded() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout(minor: 1000))
            let eur = { (minor: Int64) in Money(minorUnits: minor, currency: .eur) }

            clock.advance(by: 5)
            let pending = try await store.apply(update(.pending, source: .return), to: checkout.id)
            XCTAssertEqual(pending.disposition, .applied)
            XCTAssertEqual(pending.checkout.status, .pending)
            XCTAssertEqual(pending.checkout.providerStatus, "raw-pending")
            XCTAssertEqual(pending.checkout.updatedAt, clock.now)

            let mismatch = try await store.apply(update(.paid, source: .poll, amount: eur(999)), to: checkout.id)
            XCTAssertEqual(mismatch.disposition, .integrityViolation(.amountMismatch(reported: eur(999))))
            let afterMismatch = try await store.checkout(id: checkout.id)
            XCTAssertEqual(afterMismatch?.status, .pending, "an amount mismatch never marks it paid")

            let paid = try await store.apply(update(.paid, source: .webhook, amount: eur(1000)), to: checkout.id)
            XCTAssertEqual(paid.disposition, .applied)
            let late = try await store.apply(update(.pending, source: .webhook), to: checkout.id)
            XCTAssertEqual(late.disposition, .ignored(.backwards))

            let history = try await store.events(of: checkout.id)
            XCTAssertEqual(history.map(\.kind), [.created, .transition, .integrity, .transition, .ignored])
            XCTAssertEqual(history.map(\.source), [.api, .return, .poll, .webhook, .webhook])
            XCTAssertEqual(history.map(\.oldStatus), [nil, .created, .pending, .pending, .paid])
            XCTAssertEqual(history.map(\.newStatus), [.created, .pending, .paid, .paid, .pending])
            XCTAssertEqual(history.map(\.providerStatus), [nil, "raw-pending", "raw-paid", "raw-paid", "raw-pending"])
            XCTAssertEqual(history[2].detail, "amount_mismatch: provider reported 9.99 EUR")
            XCTAssertEqual(history[4].detail, "backwards")
            XCTAssertEqual(history.map(\.sequence), history.map(\.sequence).sorted())
            XCTAssertEqual(Set(history.map(\.id)).count, history.count)
            let final = try await store.checkout(id: checkout.id)
            XCTAssertEqual(final?.status, .paid)
            XCTAssertEqual(final?.providerStatus, "raw-paid")
        }
    }

    func testPartialRefundsUpdateTheRefundedTotal() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout(minor: 1000))
            _ = try await store.apply(update(.paid), to: checkout.id)
            let first = try await store.apply(update(.partiallyRefunded, refunded: Money(minorUnits: 200, currency: .eur)), to: checkout.id)
            let second = try await store.apply(update(.partiallyRefunded, refunded: Money(minorUnits: 700, currency: .eur)), to: checkout.id)
            XCTAssertEqual(first.checkout.refundedMinorUnits, 200)
            XCTAssertEqual(second.disposition, .applied)
            XCTAssertEqual(second.event.oldStatus, .partiallyRefunded)
            XCTAssertEqual(second.event.refundedMinorUnits, 700)
            let read = try await store.checkout(id: checkout.id)
            XCTAssertEqual(read?.refundedAmount, Money(minorUnits: 700, currency: .eur))
        }
    }

    func testUnknownCheckoutIsNotFound() async throws {
        try await onEachStore {
            let store = try makeStore()
            await XCTAssertThrowsStoreError(.checkoutNotFound) { try await store.apply(self.update(.paid), to: CheckoutID("chk_x")) }
            await XCTAssertThrowsStoreError(.checkoutNotFound) {
                try await store.markNeedsSync(CheckoutID("chk_x"), source: .api, detail: "timeout")
            }
        }
    }

    func testNeedsSyncIsSetByAnUnansweredCallAndClearedByTheNextProviderAnswer() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout())
            let event = try await store.markNeedsSync(checkout.id, source: .api, detail: "create timed out after 90 s")
            XCTAssertEqual(event.kind, .needsSync)
            XCTAssertEqual(event.detail, "create timed out after 90 s")
            var read = try await store.checkout(id: checkout.id)
            XCTAssertEqual(read?.needsSync, true)
            XCTAssertEqual(read?.status, .created, "an unanswered call is never failed")

            // An integrity problem is not the truth: the flag stays.
            _ = try await store.apply(update(.paid, amount: Money(minorUnits: 1, currency: .eur)), to: checkout.id)
            read = try await store.checkout(id: checkout.id)
            XCTAssertEqual(read?.needsSync, true)

            // The provider answered with old news: known again, still cleared.
            _ = try await store.apply(update(.created, source: .poll), to: checkout.id)
            read = try await store.checkout(id: checkout.id)
            XCTAssertEqual(read?.needsSync, false)

            _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "refresh failed")
            let applied = try await store.apply(update(.pending, source: .poll), to: checkout.id)
            XCTAssertEqual(applied.checkout.needsSync, false)
        }
    }

    func testEventLogPagesByCursorAndPublishesOnlyChanges() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (a, _) = try await store.createCheckout(newCheckout("a"))
            let (b, _) = try await store.createCheckout(newCheckout("b"))
            _ = try await store.apply(update(.pending), to: a.id)
            _ = try await store.apply(update(.created), to: a.id)           // ignored: not published
            _ = try await store.markNeedsSync(b.id, source: .api, detail: "x") // published (issue 14: checkout.needs_sync)
            _ = try await store.apply(update(.paid), to: b.id)

            let all = try await store.events(after: 0, limit: 100, publishedOnly: false)
            XCTAssertEqual(all.count, 6)
            let published = try await store.events(after: 0, limit: 100)
            XCTAssertEqual(published.map(\.kind), [.created, .created, .transition, .needsSync, .transition])
            XCTAssertEqual(published.map(\.checkoutID), [a.id, b.id, a.id, b.id, b.id])

            let page1 = try await store.events(after: 0, limit: 2)
            let page2 = try await store.events(after: page1.last!.sequence, limit: 2)
            let page3 = try await store.events(after: page2.last!.sequence, limit: 2)
            let page4 = try await store.events(after: page3.last!.sequence, limit: 2)
            XCTAssertEqual(page1 + page2 + page3, published)
            XCTAssertEqual(page4, [])
        }
    }

    func testApplyCanAttachTheProviderReferenceInTheSameTransaction() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (first, _) = try await store.createCheckout(newCheckout("order-a"))
            let outcome = try await store.apply(update(.pending, source: .api), to: first.id,
                                                attaching: "STX_A", data: ["next_action_url": "https://pay/a"])
            XCTAssertEqual(outcome.disposition, .applied)
            let stored = try await store.checkout(provider: .secuconnect, reference: "STX_A")
            XCTAssertEqual(stored?.id, first.id)
            XCTAssertEqual(stored?.status, .pending)
            XCTAssertEqual(stored?.providerData["next_action_url"], "https://pay/a")

            // A reference another checkout holds fails the whole transaction: no status change either.
            let (second, _) = try await store.createCheckout(newCheckout("order-b"))
            do {
                _ = try await store.apply(update(.pending, source: .api), to: second.id, attaching: "STX_A", data: [:])
                XCTFail("a taken reference must be refused")
            } catch let error as PaymentStoreError {
                XCTAssertEqual(error.shortDescription, PaymentStoreError.duplicateReference("").shortDescription)
            }
            let unchanged = try await store.checkout(id: second.id)
            XCTAssertEqual(unchanged?.status, .created)
            XCTAssertNil(unchanged?.providerReference)
            let history = try await store.events(of: second.id)
            XCTAssertEqual(history.map(\.kind), [.created])
        }
    }
}

final class ProviderNoticeStoreTests: StoreTestCase {
    func testNoticesCarriedByAStatusAreRecordedOncePerCheckoutInTheSameTransaction() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout("n"))
            let chargeback = ProviderNotice(type: "smartpay.chargeback", detail: ["amount": "1000"], key: "cb_1")
            var paid = update(.paid)
            paid.notices = [chargeback]
            _ = try await store.apply(paid, to: checkout.id)
            _ = try await store.apply(paid, to: checkout.id)     // the same answer read again
            let again = try await store.recordNotice(chargeback, for: checkout.id, source: .webhook)
            XCTAssertNil(again, "already recorded")
            let notices = try await store.events(of: checkout.id).filter { $0.kind == .notice }
            XCTAssertEqual(notices.count, 1)
            XCTAssertEqual(notices.first?.noticeType, "smartpay.chargeback")
            XCTAssertEqual(notices.first?.newStatus, .paid)
            let published = try await store.events(after: 0, limit: 100, filter: EventLogFilter(kind: .notice))
            XCTAssertEqual(published.map(\.id), notices.map(\.id))
            let other = ProviderNotice(type: "smartpay.chargeback", detail: [:], key: "cb_2")
            let recorded = try await store.recordNotice(other, for: checkout.id, source: .poll)
            XCTAssertEqual(recorded?.noticeType, "smartpay.chargeback")
        }
    }
}
