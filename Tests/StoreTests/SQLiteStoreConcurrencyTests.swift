import Foundation
import Payments
import Store
import XCTest

final class SQLiteStoreConcurrencyTests: StoreTestCase {
    // Many tasks, through two store instances on one file (two writer connections, as two
    // processes would have), apply random updates to one checkout. Serialized updates that
    // re-read inside the transaction leave an event log that is a valid path: every event's old
    // status is the status the previous applied event left.
    func testConcurrentUpdatesToOneCheckoutLeaveAValidPath() async throws {
        try await onEachStore {
            let stores = [try makeStore(), try makeStore()]
            let (checkout, _) = try await stores[0].createCheckout(newCheckout(minor: 1000))
            let statuses = Checkout.Status.allCases.filter { $0 != .refunded && $0 != .created }
            let sources = CheckoutEvent.Source.allCases

            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<200 {
                    let store = stores[n % 2]
                    // Weighted towards the open states, so the path is usually long before a terminal one.
                    let status = n % 7 == 6 ? statuses.randomElement()! : [.pending, .authorized, .paid, .partiallyRefunded].randomElement()!
                    let refunded = status == .partiallyRefunded ? Money(minorUnits: Int64.random(in: 1...999), currency: .eur) : nil
                    let update = StatusUpdate(source: sources.randomElement()!, status: status, providerStatus: "p\(n)",
                                              refundedAmount: refunded)
                    group.addTask { _ = try await store.apply(update, to: checkout.id) }
                }
                try await group.waitForAll()
            }

            let events = try await stores[1].events(of: checkout.id)
            XCTAssertEqual(events.count, 201)
            var current = Checkout.Status.created
            var refunded: Int64 = 0
            var applied = 0
            for event in events.dropFirst() {
                XCTAssertEqual(event.oldStatus, current, "event \(event.sequence) saw the state left by the one before")
                switch event.kind {
                case .transition:
                    applied += 1
                    XCTAssertTrue(Checkout.StateMachine.allows(from: current, to: event.newStatus), "\(current) → \(event.newStatus)")
                    if event.newStatus == .partiallyRefunded && current == .partiallyRefunded {
                        XCTAssertGreaterThan(event.refundedMinorUnits, refunded, "another partial refund grows the total")
                    }
                    XCTAssertGreaterThanOrEqual(event.newStatus.rank, current.rank)
                    current = event.newStatus
                    refunded = event.refundedMinorUnits
                case .ignored:
                    XCTAssertEqual(event.refundedMinorUnits, refunded)
                default:
                    XCTFail("unexpected \(event.kind)")
                }
            }
            XCTAssertGreaterThan(applied, 0)
            let final = try await stores[0].checkout(id: checkout.id)
            XCTAssertEqual(final?.status, current)
            XCTAssertEqual(final?.refundedMinorUnits, refunded)
        }
    }

    // A webhook and a poll reporting the same news at the same moment: exactly one applies.
    func testSimultaneousIdenticalUpdatesApplyOnce() async throws {
        try await onEachStore {
            let stores = [try makeStore(), try makeStore()]
            for round in 0..<20 {
                let (checkout, _) = try await stores[0].createCheckout(newCheckout("o\(round)"))
                let outcomes = try await withThrowingTaskGroup(of: TransitionOutcome.self) { group in
                    for n in 0..<8 {
                        let paid = update(.paid, source: n % 2 == 0 ? .webhook : .poll)
                        group.addTask { try await stores[n % 2].apply(paid, to: checkout.id) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                XCTAssertEqual(outcomes.filter(\.isApplied).count, 1)
                XCTAssertEqual(outcomes.filter { $0.disposition == .ignored(.duplicate) }.count, 7)
            }
        }
    }

    // Attempts created while another attempt of the same order is being paid: none is
    // created after the payment was recorded.
    func testNoAttemptIsCreatedAfterTheOrderWasPaid() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (first, _) = try await store.createCheckout(newCheckout("race"))
            let paid = update(.paid)
            let another = newCheckout("race")
            let results = try await withThrowingTaskGroup(of: Result<Int64, PaymentStoreError>?.self) { group in
                group.addTask {
                    _ = try await store.apply(paid, to: first.id)
                    return nil
                }
                for _ in 0..<30 {
                    group.addTask {
                        do { return .success(try await store.createCheckout(NewCheckout(orderReference: another.orderReference,
                                                                                              provider: another.provider,
                                                                                              amount: another.amount)).1.sequence) }
                        catch let error as PaymentStoreError { return .failure(error) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }.compactMap { $0 }
            }
            let paidEvent = try await store.events(of: first.id).first { $0.newStatus == .paid && $0.kind == .transition }
            let paidAt = try XCTUnwrap(paidEvent?.sequence)
            for result in results {
                switch result {
                case .success(let sequence): XCTAssertLessThan(sequence, paidAt)
                case .failure(let error): XCTAssertEqual(error, .orderAlreadyPaid)
                }
            }
            let order = try await store.order(reference: "race")
            XCTAssertEqual(order?.attempts.count, 1 + results.filter { if case .success = $0 { true } else { false } }.count)
        }
    }
}
