import Foundation
@testable import KassaService
import Payments
import Store
import XCTest

/// Issue 14's lost answers: a refund or a cancel whose answer was lost, an unknown creation
/// without provider reference. `needs_sync` is cleared only by an answer that shows the effect.
final class ReconcilerOperationTests: ReconcilerTestCase {
    func testALostRefundIsLearnedOnlyFromAnAnswerThatShowsIt() async throws {
        try start(ReconcilerProvider())
        let paid = try await checkout("refund", reference: "P1", status: .paid)
        let refund = try await lostOperation(.refund, on: paid, amount: 400)
        // Secuconnect's coarse answer: still `paid`, no refunded total. Read before the
        // provider applied the refund, or by a provider that cannot show it: not settled.
        provider.answer("P1", .paid)
        await harness.service.reconcile()
        var checkout = try await current(paid.id)
        XCTAssertTrue(checkout.needsSync)
        XCTAssertEqual(checkout.status, .paid)
        var operation = try await store.operation(id: refund.id)
        XCTAssertEqual(operation?.status, .unknown)
        let next = try await nextPoll(paid.id)
        XCTAssertEqual(next, 10_000, "a paid checkout with a refund open keeps being polled")

        // The provider shows the refund: settled, flag cleared, nothing left to poll.
        provider.answer("P1", .partiallyRefunded, refunded: 400)
        clock.advance(seconds: 10)
        await harness.service.reconcile()
        checkout = try await current(paid.id)
        XCTAssertFalse(checkout.needsSync)
        XCTAssertEqual(checkout.status, .partiallyRefunded)
        XCTAssertEqual(checkout.refundedMinorUnits, 400)
        operation = try await store.operation(id: refund.id)
        XCTAssertEqual(operation?.status, .succeeded)
        // The change to partially refunded is looked at once more; this provider does not watch
        // paid checkouts, so that look forgets it.
        clock.advance(seconds: 10)
        await harness.service.reconcile()
        let after = try await nextPoll(paid.id)
        XCTAssertNil(after)
    }

    func testARefundMadeWhileNothingWasFlaggedIsStillPolledUntilItShows() async throws {
        // The provider accepted the refund for later (`pending`): the checkout is not flagged,
        // but stays polled; a webhook re-read that failed would otherwise lose it for good.
        try start(ReconcilerProvider())
        let paid = try await checkout("pending-refund", reference: "P2", status: .paid)
        let now = clock.now
        let refund = try await store.beginOperation(Payments.Operation(
            id: .generate(.refund), checkoutID: paid.id, kind: .refund, amount: Money(minorUnits: 1000, currency: .eur),
            reason: nil, status: .requested, providerReference: nil, createdAt: now, updatedAt: now))
        _ = try await store.finishOperation(refund.id, status: .pending, providerReference: "RF_1")
        provider.answer("P2", .refunded, refunded: 1000)
        clock.advance(seconds: 10)
        await harness.service.reconcile()
        let refunded = try await current(paid.id)
        XCTAssertEqual(refunded.status, .refunded)
        let operation = try await store.operation(id: refund.id)
        XCTAssertEqual(operation?.status, .succeeded)
    }

    func testALostCancelReadBackAsFailedEndsCanceled() async throws {
        try start(ReconcilerProvider())
        let reserved = try await checkout("cancel", reference: "C1", status: .authorized)
        let cancel = try await lostOperation(.cancel, on: reserved)
        provider.answer("C1", .failed, raw: "void")
        await harness.service.reconcile()
        let canceled = try await current(reserved.id)
        XCTAssertEqual(canceled.status, .canceled, "the cancel was asked for: not a failure")
        XCTAssertEqual(canceled.providerStatus, "void")
        XCTAssertFalse(canceled.needsSync)
        let operation = try await store.operation(id: cancel.id)
        XCTAssertEqual(operation?.status, .succeeded)
    }

    func testUnknownCreationsAreFoundFailedOrLeftVisibleUntilTheirDeadline() async throws {
        try start(ReconcilerProvider(pollSchedule: PollSchedule(intervals: [.seconds(60)], deadline: .seconds(3600))))
        let found = try await checkout("found", needsSync: true)
        let missing = try await checkout("missing", needsSync: true)
        let unsearchable = try await checkout("unsearchable", needsSync: true)
        provider.search(found.id, answers: .found(providerReference: "FOUND_1",
                                                   status: ProviderStatus(providerStatus: "accepted", status: .paid)))
        provider.search(missing.id, answers: .notFound)
        await harness.service.reconcile()

        let paid = try await current(found.id)
        XCTAssertEqual(paid.status, .paid)
        XCTAssertEqual(paid.providerReference, "FOUND_1")
        XCTAssertFalse(paid.needsSync)
        // A "not found" right after the timeout is not believed: the request may still be in flight.
        var notYet = try await current(missing.id)
        XCTAssertEqual(notYet.status, .created)
        XCTAssertTrue(notYet.needsSync)

        // Past five minutes it is (polled on its back-off: 10 s, 30 s, 1 min, 5 min): the
        // creation never happened.
        for _ in 0..<10 {
            clock.advance(seconds: 60)
            await harness.service.reconcile()
        }
        notYet = try await current(missing.id)
        XCTAssertEqual(notYet.status, .failed)
        XCTAssertEqual(notYet.providerStatus, Reconciler.notFoundAtProvider)
        XCTAssertFalse(notYet.needsSync)
        // The one that cannot be searched stays visibly unresolved…
        var unresolved = try await current(unsearchable.id)
        XCTAssertEqual(unresolved.status, .created)
        XCTAssertTrue(unresolved.needsSync)
        // …until its deadline: expired, recording that its outcome was never learned.
        clock.advance(seconds: 3600)
        await harness.service.reconcile()
        unresolved = try await current(unsearchable.id)
        XCTAssertEqual(unresolved.status, .expired)
        XCTAssertEqual(unresolved.providerStatus, Reconciler.neverLearned)
        let last = try await store.events(of: unsearchable.id).last
        XCTAssertEqual(last?.providerStatus, Reconciler.neverLearned)
        XCTAssertTrue(harness.logLines.all.contains { $0.contains("without ever learning") && $0.contains(unsearchable.id.rawValue) })
    }
}

/// The same rule on the API's paths (refresh, a retried operation), through HTTP.
final class ReconcilerSyncRuleTests: ScriptedProviderTestCase {
    private func paidCheckoutWithALostRefund() async throws -> String {
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        provider.script(status: .success(ProviderStatus(providerStatus: "ok", status: .paid)))
        try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        provider.script(operation: .failure(.outcomeUnknown("timed out after sending")))
        let unknown = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 500}"#,
                                             headers: [("Idempotency-Key", "lost-refund")], expect: 202)
        XCTAssertEqual(unknown.at("checkout.needs_sync"), .bool(true))
        return id
    }

    func testARefreshThatCannotShowTheRefundKeepsTheCheckoutFlagged() async throws {
        try start()
        let id = try await paidCheckoutWithALostRefund()
        // Still `paid`, no refunded total: the refund may or may not have happened.
        let refreshed = try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        XCTAssertEqual(refreshed.at("needs_sync"), .bool(true))
        XCTAssertEqual(refreshed.text("status"), "paid")
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout["refunds"]?.arrayValue?.map { $0.text("status") }, ["unknown"])
    }

    func testARetriedRefundThatAnswersClearsTheFlag() async throws {
        try start()
        let id = try await paidCheckoutWithALostRefund()
        provider.script(operation: .success(OperationResult(
            status: ProviderStatus(providerStatus: "refunded", status: .partiallyRefunded, refundedAmount: Money(minorUnits: 500, currency: .eur)),
            providerReference: "RF_500")))
        let retried = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 500}"#,
                                             headers: [("Idempotency-Key", "lost-refund")], expect: 200)
        XCTAssertEqual(retried.text("status"), "succeeded")
        XCTAssertEqual(retried.at("checkout.needs_sync"), .bool(false))
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.at("needs_sync"), .bool(false))
    }
}
