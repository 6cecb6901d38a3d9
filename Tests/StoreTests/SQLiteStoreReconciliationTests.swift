import Foundation
import Payments
import Store
import XCTest

/// The reconciler's schedule in the database (migration 9): every change marks a checkout due,
/// claims are earliest due first and leased, a reschedule never overwrites a newer change, an
/// open operation keeps a paid checkout due and its flag set until an answer shows it.
final class SQLiteStoreReconciliationTests: StoreTestCase {
    private func schedule(_ store: any StoreUnderTest, _ id: CheckoutID) async throws -> (nextPollAt: Date?, attempts: Int) {
        let found = try await store.pollSchedule(of: id)
        return try XCTUnwrap(found)
    }

    private func claimAll(_ store: any StoreUnderTest, limit: Int = 100) async throws -> [ClaimedCheckout] {
        let now = clock.now
        return try await store.claimDueCheckouts(now: now, limit: limit, scanLimit: 1000) { _ in .poll(leaseUntil: now + 300) }
    }

    func testEveryChangeMarksACheckoutDueAndAFinalOneLeavesTheSchedule() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout("o1"))
            var due = try await schedule(store, checkout.id)
            XCTAssertEqual(due.nextPollAt, clock.now + 10, "a new checkout is looked at 10 s after its creation")
            clock.advance(by: 5)
            _ = try await store.apply(update(.pending), to: checkout.id)
            due = try await schedule(store, checkout.id)
            XCTAssertEqual(due.nextPollAt, clock.now + 10, "a change starts the schedule again")
            clock.advance(by: 5)
            _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "timeout")
            due = try await schedule(store, checkout.id)
            XCTAssertEqual(due.nextPollAt, clock.now, "a flagged checkout is due at once")
            _ = try await store.apply(update(.paid), to: checkout.id)
            due = try await schedule(store, checkout.id)
            // Paid, in sync, nothing open: looked at once more (a provider may change a paid checkout
            // in its own portal, issue 17); the reconciler forgets it there unless its schedule watches it.
            XCTAssertEqual(due.nextPollAt, clock.now + 10, "paid: one more look")
        }
    }

    func testClaimsAreEarliestDueFirstLeasedAndBounded() async throws {
        try await onEachStore {
            let store = try makeStore()
            var ids: [CheckoutID] = []
            for i in 0..<5 {
                ids.append(try await store.createCheckout(newCheckout("o\(i)")).0.id)
                clock.advance(by: 1)
            }
            // Flagged at t+5: due at once, before the others (due 10 s after their creation).
            _ = try await store.markNeedsSync(ids[4], source: .api, detail: "timeout")
            clock.advance(by: 30)
            let first = try await claimAll(store, limit: 2)
            XCTAssertEqual(first.map(\.candidate.checkout.id), [ids[4], ids[0]])
            XCTAssertEqual(first.first?.candidate.checkout.needsSync, true)
            // Claimed ones are leased: the next claim takes the next ones.
            let second = try await claimAll(store, limit: 10)
            XCTAssertEqual(second.map(\.candidate.checkout.id), [ids[1], ids[2], ids[3]])
            XCTAssertEqual(second.first?.leaseUntil, clock.now + 300)
            let third = try await claimAll(store)
            XCTAssertEqual(third.count, 0)
        }
    }

    func testDecisionsMoveOrDropWhatIsNotPolled() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (later, _) = try await store.createCheckout(newCheckout("later"))
            let (gone, _) = try await store.createCheckout(newCheckout("gone"))
            clock.advance(by: 60)
            let now = clock.now
            let claimed = try await store.claimDueCheckouts(now: now, limit: 10, scanLimit: 100) { candidate in
                candidate.checkout.id == later.id ? .notBefore(now + 900) : .nothingToDo
            }
            XCTAssertEqual(claimed.count, 0)
            let laterSchedule = try await schedule(store, later.id)
            XCTAssertEqual(laterSchedule.nextPollAt, now + 900)
            let goneSchedule = try await schedule(store, gone.id)
            XCTAssertNil(goneSchedule.nextPollAt)
            let earliest = try await store.earliestPollDue()
            XCTAssertEqual(earliest, now + 900)
        }
    }

    func testRescheduleNeverOverwritesAChangeMadeDuringThePoll() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (quiet, _) = try await store.createCheckout(newCheckout("quiet"))
            let (busy, _) = try await store.createCheckout(newCheckout("busy"))
            clock.advance(by: 20)
            let claimed = try await claimAll(store)
            XCTAssertEqual(claimed.count, 2)
            // A webhook changes `busy` while its poll is in flight.
            _ = try await store.apply(update(.pending), to: busy.id)
            for item in claimed {
                _ = try await store.reschedulePoll(item.candidate.checkout.id, claimedUntil: item.leaseUntil, attempts: 1,
                                                   next: clock.now + 1800)
            }
            let quietSchedule = try await schedule(store, quiet.id)
            XCTAssertEqual(quietSchedule.nextPollAt, clock.now + 1800)
            XCTAssertEqual(quietSchedule.attempts, 1)
            let busySchedule = try await schedule(store, busy.id)
            XCTAssertEqual(busySchedule.nextPollAt, clock.now + 10, "the change restarted its schedule")
            XCTAssertEqual(busySchedule.attempts, 0)
        }
    }

    func testAnUnknownRefundKeepsAPaidCheckoutFlaggedAndDueUntilSettled() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, _) = try await store.createCheckout(newCheckout("refund", minor: 1000))
            _ = try await store.apply(update(.paid), to: checkout.id)
            let refund = try await store.beginOperation(Operation(
                id: .generate(.refund), checkoutID: checkout.id, kind: .refund, amount: Money(minorUnits: 400, currency: .eur),
                reason: nil, status: .requested, providerReference: nil, createdAt: clock.now, updatedAt: clock.now))
            _ = try await store.finishOperation(refund.id, status: .unknown, providerReference: nil)
            _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "refund timed out")
            // A coarse answer (still paid) is recorded but does not clear the flag.
            let coarse = try await store.apply(update(.paid, source: .poll), to: checkout.id)
            XCTAssertTrue(coarse.checkout.needsSync)
            var stored = try await store.checkout(id: checkout.id)
            XCTAssertEqual(stored?.needsSync, true)
            // Nor does a change that does not settle it.
            let partly = try await store.apply(update(.partiallyRefunded, source: .poll, refunded: Money(minorUnits: 400, currency: .eur)),
                                               to: checkout.id)
            XCTAssertTrue(partly.checkout.needsSync)
            var due = try await schedule(store, checkout.id)
            XCTAssertNotNil(due.nextPollAt, "a partially refunded checkout with an open refund stays due")
            let settled = try await store.settleOperations(of: checkout.id, succeeded: [refund.id])
            XCTAssertFalse(settled.needsSync)
            stored = try await store.checkout(id: checkout.id)
            XCTAssertEqual(stored?.needsSync, false)
            let operation = try await store.operation(id: refund.id)
            XCTAssertEqual(operation?.status, .succeeded)
            due = try await schedule(store, checkout.id)
            XCTAssertNotNil(due.nextPollAt, "nothing open any more: one more look, as for any change to a paid status")
        }
    }

    func testExpiredIdempotencyKeysArePurgedInBoundedBatches() async throws {
        try await onEachStore {
            let store = try makeStore()
            for i in 0..<7 {
                _ = try await store.beginIdempotentRequest(key: IdempotencyKey("k\(i)", apiKey: Array("sk".utf8)),
                                                           fingerprint: RequestFingerprint(method: "POST", path: "/v1/checkouts", body: []))
            }
            clock.advance(by: 24 * 3600 + 1)
            _ = try await store.beginIdempotentRequest(key: IdempotencyKey("fresh", apiKey: Array("sk".utf8)),
                                                       fingerprint: RequestFingerprint(method: "POST", path: "/v1/checkouts", body: []))
            let first = try await store.purgeExpiredIdempotencyKeys(now: clock.now, batch: 5)
            let second = try await store.purgeExpiredIdempotencyKeys(now: clock.now, batch: 5)
            let third = try await store.purgeExpiredIdempotencyKeys(now: clock.now, batch: 5)
            XCTAssertEqual([first, second, third], [5, 2, 0])
            let replay = try await store.beginIdempotentRequest(key: IdempotencyKey("fresh", apiKey: Array("sk".utf8)),
                                                                fingerprint: RequestFingerprint(method: "POST", path: "/v1/checkouts", body: []))
            XCTAssertEqual(replay, .inProgress, "a live key is kept")
        }
    }
}
