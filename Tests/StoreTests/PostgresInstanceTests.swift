import Foundation
import Payments
@testable import Store
import XCTest

/// What only several instances on one PostgreSQL can get wrong: each `makeStore()` is another
/// instance (its own pool, connections and run id) on the same schema.
final class PostgresInstanceTests: PostgresStoreTestCase {
    private let fingerprint = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array("{}".utf8))

    /// Waits until the server has no session of `store`'s run left (a closed pool's backends
    /// exit shortly after their connection closes). Bounded: fails after 10 s.
    private func waitUntilGone(_ store: PostgresStore, file: StaticString = #filePath, line: UInt = #line) async throws {
        store.close()
        let application = PostgresStore.applicationName(store.runID)
        for _ in 0..<1000 {
            let sessions = try withConnection {
                try $0.queryFirst("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [application]) { $0.int(0) } ?? 0
            }
            if sessions == 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("the closed store's sessions are still there", file: file, line: line)
    }

    // Two instances receiving the same Idempotency-Key at once: one creates, the others are
    // told it is in progress (the primary key decides, not a read-then-write).
    func testOneKeyArrivingAtTwoInstancesAtOnceIsClaimedOnce() async throws {
        let stores = [try makeStore(), try makeStore()]
        for round in 0..<20 {
            let key = IdempotencyKey("key-\(round)", scope: "s")
            let decisions = try await withThrowingTaskGroup(of: IdempotencyDecision.self) { group in
                for n in 0..<8 {
                    group.addTask { [fingerprint] in try await stores[n % 2].beginIdempotentRequest(key: key, fingerprint: fingerprint) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(decisions.filter { $0 == .proceed }.count, 1, "round \(round): \(decisions)")
            XCTAssertEqual(decisions.filter { $0 == .inProgress }.count, 7, "round \(round): \(decisions)")
        }
    }

    // A key unanswered by a live instance is in progress for the other; once that instance is
    // gone (killed: its sessions vanish), its attempt is resumed, or the key claimed again.
    func testAnUnansweredKeyIsAnotherLiveInstancesUntilThatInstanceIsGone() async throws {
        let first = try makeStore()
        let second = try makeStore()
        let withAttempt = IdempotencyKey("with-attempt", scope: "s")
        let without = IdempotencyKey("without", scope: "s")
        _ = try await first.beginIdempotentRequest(key: withAttempt, fingerprint: fingerprint)
        _ = try await first.beginIdempotentRequest(key: without, fingerprint: fingerprint)
        var new = newCheckout("keyed")
        new.idempotencyKey = withAttempt
        let (checkout, _) = try await first.createCheckout(new)

        let whileAlive = try await second.beginIdempotentRequest(key: withAttempt, fingerprint: fingerprint)
        XCTAssertEqual(whileAlive, .inProgress, "the first instance is still running that request")
        let otherWhileAlive = try await second.beginIdempotentRequest(key: without, fingerprint: fingerprint)
        XCTAssertEqual(otherWhileAlive, .inProgress)

        try await waitUntilGone(first)
        let resumed = try await second.beginIdempotentRequest(key: withAttempt, fingerprint: fingerprint)
        XCTAssertEqual(resumed, .resume(checkout.id))
        let reclaimed = try await second.beginIdempotentRequest(key: without, fingerprint: fingerprint)
        XCTAssertEqual(reclaimed, .proceed)
        let nowRunning = try await second.beginIdempotentRequest(key: without, fingerprint: fingerprint)
        XCTAssertEqual(nowRunning, .inProgress, "claimed by the second instance now")
    }

    // A starting instance marks the calls cut off by gone runs only; the shutdown sweep marks
    // the instance's own calls only.
    func testOnlyAGoneInstancesCutOffCallsAreMarkedInterrupted() async throws {
        let first = try makeStore()
        let (inFlight, _) = try await first.createCheckout(newCheckout("in-flight"))
        let (paid, _) = try await first.createCheckout(newCheckout("paid"))
        _ = try await first.apply(update(.paid), to: paid.id)
        _ = try await first.beginOperation(Operation(id: OperationID("op_refund_1"), checkoutID: paid.id, kind: .refund,
                                                     amount: nil, reason: nil, status: .requested, providerReference: nil,
                                                     createdAt: clock.now, updatedAt: clock.now))
        let second = try makeStore { $0.marksInterruptedCallsAtOpen = true }
        let (secondsOwn, _) = try await second.createCheckout(newCheckout("second"))
        let untouched = try await second.checkout(id: inFlight.id)
        XCTAssertEqual(untouched?.needsSync, false, "the first instance is alive: its call is its own to finish")
        let stillRequested = try await second.operation(id: OperationID("op_refund_1"))
        XCTAssertEqual(stillRequested?.status, .requested)

        let swept = try await second.markInterruptedCalls(detail: "grace over")
        XCTAssertEqual(swept, [secondsOwn.id], "the shutdown sweep marks this instance's calls, not the first's")

        try await waitUntilGone(first)
        let third = try makeStore { $0.marksInterruptedCallsAtOpen = true }
        let marked = try await third.checkout(id: inFlight.id)
        XCTAssertEqual(marked?.needsSync, true, "the first instance is gone: its creation's outcome is unknown")
        let refund = try await third.operation(id: OperationID("op_refund_1"))
        XCTAssertEqual(refund?.status, .unknown)
        let paidAfter = try await third.checkout(id: paid.id)
        XCTAssertEqual(paidAfter?.needsSync, true)
        let events = try await third.events(of: inFlight.id)
        XCTAssertEqual(events.last?.detail, SQLiteStore.interruptedAtStartDetail)
        let again = try await third.markInterruptedCalls(detail: "again")
        XCTAssertEqual(again, [])
    }

    // A notification another live instance received is its own to process: an instance
    // starting meanwhile does not process it again; once that instance is gone, it does.
    func testUnprocessedNotificationsOfALiveInstanceAreLeftToIt() async throws {
        let first = try makeStore()
        let second = try makeStore()
        let theirs = try await first.insertWebhook(provider: .pledg, body: Array("{}".utf8), headers: [:], verification: .verified)
        let mine = try await second.insertWebhook(provider: .pledg, body: Array("{}".utf8), headers: [:], verification: .verified)
        let whileAlive = try await second.unprocessedWebhooks(limit: 10).map(\.id)
        XCTAssertEqual(whileAlive, [mine])
        let firstSees = try await first.unprocessedWebhooks(limit: 10).map(\.id)
        XCTAssertEqual(firstSees, [theirs])
        try await waitUntilGone(first)
        let afterwards = try await second.unprocessedWebhooks(limit: 10).map(\.id)
        XCTAssertEqual(afterwards, [theirs, mine])
    }

    // A page of the log is read only once every event taken before it is settled: while an
    // earlier event is uncommitted, a later one committed beside it is not handed out (a shop's
    // cursor would pass the earlier one for good). Writers do not wait for each other.
    func testAPageWaitsForAnEarlierUncommittedEvent() async throws {
        let store = try makeStore()
        let (checkout, created) = try await store.createCheckout(newCheckout("first"))
        let holder = try PostgresConnection(parameters: [("dbname", url), ("options", "-c search_path=\(schema)"),
                                                        ("application_name", "kassa test holder")])
        defer { holder.close() }
        try holder.execute("BEGIN")
        let held = try PostgresStore.insertEvent(holder, checkoutID: checkout.id, kind: .transition, source: .poll,
                                                 oldStatus: .created, newStatus: .pending, providerStatus: nil,
                                                 refundedMinorUnits: 0, detail: nil, at: clock.now, queuesDelivery: true)
        XCTAssertGreaterThan(held.sequence, created.sequence)
        let (_, second) = try await store.createCheckout(newCheckout("second"))
        XCTAssertGreaterThan(second.sequence, held.sequence, "a second writer went ahead, committed after a higher value")

        let reader = try makeStore(poolSize: 1)
        let page = Task { try await reader.events(after: created.sequence, limit: 10, publishedOnly: false) }
        // The page waits for the event lock (seen on the server), not for a timer.
        let application = PostgresStore.applicationName(reader.runID)
        var waiting = false
        for _ in 0..<1000 where !waiting {
            waiting = try withConnection {
                try $0.queryFirst("""
                    SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'
                        AND wait_event = 'advisory'
                    """, [application]) { $0.int(0) } ?? 0
            } > 0
            if !waiting { try await Task.sleep(for: .milliseconds(10)) }
        }
        XCTAssertTrue(waiting, "the page waits for the uncommitted event")
        try holder.execute("COMMIT")
        let paged = try await page.value.map(\.id)
        XCTAssertEqual(paged, [held.id, second.id], "both, in sequence order")
    }

    // Many writers on two instances while a shop pages the log: every event is seen, in order.
    func testPagingWhileTwoInstancesWriteNeverSkipsAnEvent() async throws {
        let stores = [try makeStore(), try makeStore()]
        let reader = try makeStore(poolSize: 1)
        let pagedTask = Task { () -> [CheckoutEvent] in
            var seen: [CheckoutEvent] = []
            var cursor: Int64 = 0
            var quietPages = 0
            // Until the writers are done and a few empty pages in a row say the log is drained.
            while quietPages < 3 {
                let page = try await reader.events(after: cursor, limit: 25, publishedOnly: false)
                seen += page
                cursor = page.last?.sequence ?? cursor
                quietPages = page.isEmpty && Task.isCancelled ? quietPages + 1 : 0
                await Task.yield()
            }
            return seen
        }
        let pending = update(.pending)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                let news = (0..<15).map { newCheckout("w\(writer)-\($0)") }
                group.addTask {
                    for new in news {
                        let (checkout, _) = try await stores[writer % 2].createCheckout(new)
                        _ = try await stores[(writer + 1) % 2].apply(pending, to: checkout.id)
                    }
                }
            }
            try await group.waitForAll()
        }
        pagedTask.cancel()
        let paged = try await pagedTask.value
        let all = try await reader.events(after: 0, limit: 10_000, publishedOnly: false)
        XCTAssertEqual(all.count, 8 * 15 * 2)
        XCTAssertEqual(paged.map(\.id), all.map(\.id), "the pages saw every event, in sequence order")
    }

    // Outbox items handed to one instance are not handed to the other while claimed; a claim
    // whose instance never recorded the attempt is taken over when its lease ends.
    func testOutboxClaimsNeverOverlapAndAnExpiredClaimIsTakenOver() async throws {
        let stores = [try makeStore(), try makeStore()]
        var all: [Int64] = []
        for n in 0..<30 {
            let (_, event) = try await stores[n % 2].createCheckout(newCheckout("o\(n)"))
            _ = event
        }
        all = try await stores[0].dueOutboxItems(limit: 100).map(\.id)
        XCTAssertEqual(all.count, 30)
        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for n in 0..<6 { group.addTask { try await stores[n % 2].deliverableOutboxItems(limit: 7).map(\.id) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let claimed = claims.flatMap { $0 }
        XCTAssertEqual(Set(claimed).count, claimed.count, "no item handed out twice: \(claims)")
        XCTAssertEqual(Set(claimed), Set(all), "6 × 7 claims cover the 30 items")
        let none = try await stores[1].deliverableOutboxItems(limit: 100)
        XCTAssertEqual(none, [], "everything is claimed")

        // One delivered; the rest's instance "died" before recording: due again after the lease.
        try await stores[0].recordDeliveryAttempt(outboxID: claimed[0], attempt: EventDeliveryAttempt(
            attemptedAt: clock.now, httpStatus: 200, durationMilliseconds: 3, error: nil), outcome: .delivered)
        clock.advance(by: stores[0].configuration.outboxClaimLease)
        let takenOver = try await stores[1].deliverableOutboxItems(limit: 100).map(\.id)
        XCTAssertEqual(Set(takenOver), Set(all).subtracting([claimed[0]]))
    }

    // The reconciler's claims on two instances at once never take one checkout twice.
    func testReconcilerClaimsNeverOverlap() async throws {
        let stores = [try makeStore(), try makeStore()]
        for n in 0..<30 { _ = try await stores[n % 2].createCheckout(newCheckout("r\(n)")) }
        clock.advance(by: 60)
        let now = clock.now
        let lease = now.addingTimeInterval(120)
        let claims = try await withThrowingTaskGroup(of: [CheckoutID].self) { group in
            for n in 0..<6 {
                group.addTask {
                    try await stores[n % 2].claimDueCheckouts(now: now, limit: 7, scanLimit: 7) { _ in .poll(leaseUntil: lease) }
                        .map(\.candidate.checkout.id)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let claimed = claims.flatMap { $0 }
        XCTAssertEqual(Set(claimed).count, claimed.count, "no checkout claimed twice: \(claims)")
        XCTAssertEqual(claimed.count, 30)
        let afterLease = try await stores[1].claimDueCheckouts(now: lease, limit: 100, scanLimit: 100) { _ in .nothingToDo }
        XCTAssertEqual(afterLease.count, 0, "decided nothing to do: none claimed")
        let earliest = try await stores[0].earliestPollDue()
        XCTAssertNil(earliest, "every lease was looked at again when it ran out, and dropped")
    }
}
