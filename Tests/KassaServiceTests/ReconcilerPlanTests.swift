import Foundation
@testable import KassaService
import Payments
import Store
import XCTest

/// `PollPlan`'s arithmetic alone: the claim-time decision and the next look.
final class ReconcilerPlanTests: XCTestCase {
    private let plan = PollPlan()
    private let schedule = PollSchedule(intervals: [.seconds(30), .seconds(60)], deadline: .seconds(600))
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func checkout(_ status: Checkout.Status, needsSync: Bool = false, updatedAfter seconds: TimeInterval = 0) -> Checkout {
        Checkout(id: CheckoutID("chk_plan"), orderReference: "o", provider: ProviderID("toy"), method: nil,
                 amount: Money(minorUnits: 1000, currency: .eur), status: status, providerStatus: nil, providerReference: "R",
                 providerData: [:], refundedMinorUnits: 0, needsSync: needsSync, metadata: [:], captureMethod: nil,
                 createdAt: start, updatedAt: start + seconds)
    }

    private func decide(_ checkout: Checkout, attempts: Int = 0, open: Bool = false, at seconds: TimeInterval) -> ReconcileDecision {
        plan.decide(ReconcileCandidate(checkout: checkout, pollAttempts: attempts, dueAt: start, hasOpenOperations: open),
                    schedule: schedule, now: start + seconds)
    }

    func testTheFirstLookWaitsForTheProvidersFirstInterval() {
        XCTAssertEqual(decide(checkout(.pending), at: 10), .notBefore(start + 30))
        XCTAssertEqual(decide(checkout(.pending), at: 30), .poll(leaseUntil: start + 330))
        // Counted from the last change, not the creation.
        XCTAssertEqual(decide(checkout(.pending, updatedAfter: 100), at: 110), .notBefore(start + 130))
        // Never later than the deadline (a pending checkout is looked at when it expires).
        XCTAssertEqual(decide(checkout(.pending, updatedAfter: 590), at: 595), .notBefore(start + 600))
        // After the first poll, a due time is the plan's own: poll.
        XCTAssertEqual(decide(checkout(.pending), attempts: 1, at: 10), .poll(leaseUntil: start + 310))
    }

    /// Issue 17: a provider whose portal cancels and reimburses (SmartCredit) keeps a paid
    /// checkout on its schedule for `watchesPaid`; other providers' paid checkouts leave it.
    func testAPaidCheckoutIsWatchedOnlyWhereTheScheduleSaysAndOnlyForThatLong() {
        let watching = PollSchedule(intervals: [.seconds(30), .seconds(900)], deadline: .seconds(600), watchesPaid: .seconds(86_400))
        let paid = checkout(.paid, updatedAfter: 1000)
        func decide(_ schedule: PollSchedule, at seconds: TimeInterval) -> ReconcileDecision {
            plan.decide(ReconcileCandidate(checkout: paid, pollAttempts: 0, dueAt: start, hasOpenOperations: false),
                        schedule: schedule, now: start + seconds)
        }
        XCTAssertEqual(decide(schedule, at: 1010), .nothingToDo)
        // Past the creation deadline (600 s) a paid checkout is not expired nor hurried: its first interval.
        XCTAssertEqual(decide(watching, at: 1010), .notBefore(start + 1030))
        XCTAssertEqual(decide(watching, at: 1030), .poll(leaseUntil: start + 1330))
        XCTAssertEqual(plan.nextLook(after: 1, checkout: paid, hasOpenOperations: false, schedule: watching, now: start + 1030),
                       start + 1930)
        XCTAssertNil(plan.nextLook(after: 1, checkout: paid, hasOpenOperations: false, schedule: schedule, now: start + 1030))
        // A day after its last change it is forgotten.
        XCTAssertEqual(decide(watching, at: 1000 + 86_400), .nothingToDo)
        XCTAssertNil(plan.nextLook(after: 5, checkout: paid, hasOpenOperations: false, schedule: watching, now: start + 1000 + 86_400))
        XCTAssertFalse(plan.isOverdue(paid, schedule: watching, now: start + 5000))
    }

    func testFlaggedOrOpenOperationsArePolledAtOnceWhateverTheStatus() {
        XCTAssertEqual(decide(checkout(.pending, needsSync: true), at: 1), .poll(leaseUntil: start + 301))
        XCTAssertEqual(decide(checkout(.paid), open: true, at: 1), .poll(leaseUntil: start + 301))
        XCTAssertEqual(decide(checkout(.paid), at: 1), .nothingToDo)
        XCTAssertEqual(decide(checkout(.failed), at: 1), .nothingToDo)
    }

    func testNextLooks() {
        let now = start + 100
        func next(_ checkout: Checkout, _ attempts: Int, open: Bool = false) -> TimeInterval? {
            plan.nextLook(after: attempts, checkout: checkout, hasOpenOperations: open, schedule: schedule, now: now)?
                .timeIntervalSince(now)
        }
        XCTAssertEqual((1...7).map { next(checkout(.created, needsSync: true), $0) }, [10, 30, 60, 300, 900, 900, 900])
        XCTAssertEqual(next(checkout(.partiallyRefunded), 2, open: true), 30)
        XCTAssertEqual(next(checkout(.pending), 1), 60, "the second interval")
        XCTAssertEqual(next(checkout(.pending), 5), 60, "the last repeats")
        XCTAssertEqual(plan.nextLook(after: 1, checkout: checkout(.pending), hasOpenOperations: false, schedule: schedule,
                                     now: start + 580), start + 600, "once more at the deadline")
        XCTAssertEqual(plan.nextLook(after: 1, checkout: checkout(.authorized), hasOpenOperations: false, schedule: schedule,
                                     now: start + 580), start + 640, "an authorization has no deadline")
        XCTAssertNil(next(checkout(.paid), 1))
        XCTAssertTrue(plan.isOverdue(checkout(.pending), schedule: schedule, now: start + 600))
        XCTAssertFalse(plan.isOverdue(checkout(.authorized), schedule: schedule, now: start + 6000))
        XCTAssertFalse(plan.believesNotFound(checkout(.created), now: start + 299))
        XCTAssertTrue(plan.believesNotFound(checkout(.created), now: start + 300))
    }
}
