import Foundation
@testable import KassaService
import Payments
import Store
import XCTest

/// Each provider's `PollSchedule` (intervals from the last change, the last one repeating,
/// expiry at the deadline), the `needs_sync` back-off, and the purges, at a moved clock.
final class ReconcilerScheduleTests: ReconcilerTestCase {
    private static let schedule = PollSchedule(intervals: [.seconds(30), .seconds(60), .seconds(120)], deadline: .seconds(600))

    func testPollsFollowTheProvidersScheduleAndExpireAtItsDeadline() async throws {
        try start(ReconcilerProvider(pollSchedule: Self.schedule))
        let waiting = try await checkout("waiting", reference: "W1", status: .pending)
        provider.answer("W1", .pending, raw: "open")
        var polls: [Int] = []
        // Second by second over eleven minutes: when does the provider get asked?
        for second in 1...600 {
            clock.advance(seconds: 1)
            let before = provider.fetched.count
            await harness.service.reconcile()
            if provider.fetched.count > before { polls.append(second) }
        }
        // 30 s after the change, then +60, then +120 repeating; once more at the deadline.
        XCTAssertEqual(polls, [30, 90, 210, 330, 450, 570, 600])
        let expired = try await current(waiting.id)
        XCTAssertEqual(expired.status, .expired)
        XCTAssertEqual(expired.providerStatus, "pending", "the provider's last status is kept")
        let last = try await store.events(of: waiting.id).last
        XCTAssertEqual(last?.source, .poll)
        XCTAssertEqual(last?.newStatus, .expired)
        // The unchanged answers were not recorded: created, pending, expired.
        let kinds = try await store.events(of: waiting.id).map(\.kind)
        XCTAssertEqual(kinds, [.created, .transition, .transition])
        let next = try await nextPoll(waiting.id)
        XCTAssertNil(next, "an expired checkout leaves the schedule")
    }

    func testAnAuthorizedCheckoutIsNeverExpiredOnlyPolled() async throws {
        try start(ReconcilerProvider(pollSchedule: Self.schedule))
        let reserved = try await checkout("reserved", reference: "A1", status: .authorized)
        provider.answer("A1", .authorized)
        clock.advance(seconds: 700)
        await harness.service.reconcile()
        let stillReserved = try await current(reserved.id)
        XCTAssertEqual(stillReserved.status, .authorized, "a reservation is the shop's to capture or cancel")
        let next = try await nextPoll(reserved.id)
        XCTAssertEqual(next, 60_000, "polled on, at the schedule's next interval")
    }

    func testAFlaggedCheckoutIsPolledAtOnceThenBacksOff() async throws {
        try start(ReconcilerProvider(pollSchedule: Self.schedule))
        let flagged = try await checkout("flagged", reference: "F1", status: .pending, needsSync: true)
        provider.fail("F1", .outcomeUnknown("timed out after sending"))
        var waits: [Int64] = []
        for _ in 0..<7 {
            await harness.service.reconcile()
            let next = try await nextPoll(flagged.id)
            let wait = try XCTUnwrap(next)
            waits.append(wait)
            clock.advance(seconds: TimeInterval(wait) / 1000)
        }
        XCTAssertEqual(waits, [10_000, 30_000, 60_000, 300_000, 900_000, 900_000, 900_000])
        XCTAssertEqual(provider.fetched.count, 7)
        let still = try await current(flagged.id)
        XCTAssertTrue(still.needsSync)
        XCTAssertEqual(still.status, .pending, "past its deadline, but never expired on a guess: only an answer (or none possible) expires it")
    }

    func testExpiredIdempotencyKeysArePurgedOnTheReconcilersSchedule() async throws {
        try start(ReconcilerProvider())
        let fingerprint = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: [])
        for i in 0..<3 {
            _ = try await store.beginIdempotentRequest(key: IdempotencyKey("key-\(i)", apiKey: Array("sk".utf8)), fingerprint: fingerprint)
        }
        clock.advance(seconds: 25 * 3600)
        await harness.service.reconcile()
        let left = try await store.purgeExpiredIdempotencyKeys(now: clock.now, batch: 100)
        XCTAssertEqual(left, 0, "the pass purged them")
    }
}
