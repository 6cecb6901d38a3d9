import Foundation
import Payments
import Store
import XCTest

/// The `operations` table: stored before the provider call, found again by id (a retry), by
/// checkout (its refunds) and by the provider's reference (a notification about a refund).
final class SQLiteStoreOperationTests: StoreTestCase {
    private func refund(_ id: OperationID, of checkout: Checkout, minor: Int64) -> Payments.Operation {
        Payments.Operation(id: id, checkoutID: checkout.id, kind: .refund, amount: Money(minorUnits: minor, currency: .eur),
                           reason: "pen returned", status: .requested, providerReference: nil, createdAt: clock.now, updatedAt: clock.now)
    }

    func testAnOperationIsStoredOnceAndAnsweredAsStoredWhenBegunAgain() async throws {
        try await onEachStore {
            let store: any PaymentStore = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout())
            let id = OperationID.generate(.refund)
            let begun = try await store.beginOperation(refund(id, of: checkout, minor: 1000))
            XCTAssertEqual(begun.status, .requested)
            XCTAssertEqual(begun.createdAt, clock.now)
            _ = try await store.finishOperation(id, status: .unknown, providerReference: nil)
            clock.advance(by: 5)
            // A retry begins the same id again (with another amount): the stored row wins.
            let again = try await store.beginOperation(refund(id, of: checkout, minor: 2000))
            XCTAssertEqual(again.status, .unknown)
            XCTAssertEqual(again.amount?.minorUnits, 1000)
            let finished = try await store.finishOperation(id, status: .succeeded, providerReference: "RF_1")
            XCTAssertEqual(finished.providerReference, "RF_1")
            XCTAssertEqual(finished.updatedAt, clock.now)
            // A later update without a reference keeps it.
            let kept = try await store.finishOperation(id, status: .succeeded, providerReference: nil)
            XCTAssertEqual(kept.providerReference, "RF_1")
            let found = try await store.operation(provider: .secuconnect, reference: "RF_1")
            XCTAssertEqual(found?.id, id)
            let other = try await store.operation(provider: .smartpay, reference: "RF_1")
            XCTAssertNil(other, "a reference is the provider's own")
        }
    }

    func testACheckoutListsItsOperationsOldestFirstByKind() async throws {
        try await onEachStore {
            let store: any PaymentStore = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout())
            let first = OperationID.generate(.refund)
            _ = try await store.beginOperation(refund(first, of: checkout, minor: 100))
            clock.advance(by: 1)
            let capture = OperationID.generate(.capture)
            _ = try await store.beginOperation(Payments.Operation(id: capture, checkoutID: checkout.id, kind: .capture, amount: nil, reason: nil,
                                                                  status: .requested, providerReference: nil, createdAt: clock.now, updatedAt: clock.now))
            clock.advance(by: 1)
            let second = OperationID.generate(.refund)
            _ = try await store.beginOperation(refund(second, of: checkout, minor: 200))
            let refunds = try await store.operations(of: checkout.id, kind: .refund)
            XCTAssertEqual(refunds.map(\.id), [first, second])
            let all = try await store.operations(of: checkout.id, kind: nil)
            XCTAssertEqual(all.map(\.id), [first, capture, second])
            XCTAssertEqual(all[1].amount, nil)
            XCTAssertTrue(first.rawValue.hasPrefix("re_") && capture.rawValue.hasPrefix("op_"))
        }
    }

    func testAnOperationOfAnUnknownCheckoutIsRefused() async throws {
        try await onEachStore {
            let store = try makeStore()
            let ghost = Checkout(id: CheckoutID("chk_ghost"), orderReference: "o", provider: .secuconnect, method: nil,
                                 amount: Money(minorUnits: 1, currency: .eur), createdAt: clock.now, updatedAt: clock.now)
            do {
                _ = try await store.beginOperation(refund(.generate(.refund), of: ghost, minor: 1))
                XCTFail("stored an operation of no checkout")
            } catch let error as PaymentStoreError {
                XCTAssertEqual(error, .checkoutNotFound(CheckoutID("chk_ghost")))
            }
        }
    }

    func testTheIdOfAnIdempotencyKeyIsStableAndScoped() {
        let checkout = CheckoutID("chk_1")
        let key = IdempotencyKey("k", scope: "a")
        XCTAssertEqual(OperationID.derived(.refund, checkout: checkout, key: key), OperationID.derived(.refund, checkout: checkout, key: key))
        XCTAssertNotEqual(OperationID.derived(.refund, checkout: checkout, key: key),
                          OperationID.derived(.refund, checkout: checkout, key: IdempotencyKey("k", scope: "b")))
        XCTAssertNotEqual(OperationID.derived(.refund, checkout: checkout, key: key),
                          OperationID.derived(.refund, checkout: CheckoutID("chk_2"), key: key))
        XCTAssertTrue(OperationID.derived(.cancel, checkout: checkout, key: key).rawValue.hasPrefix("op_"))
    }
}
