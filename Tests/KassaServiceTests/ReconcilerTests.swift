import Foundation
@testable import KassaService
import Payments
import Store
import XCTest

/// The reconciler through the whole service (real SQLite file, `KassaService.reconcile()` at a
/// moved clock, the scheduler loop where it says so) with `ReconcilerProvider` under the toy's id.
class ReconcilerTestCase: XCTestCase {
    var harness: ServiceHarness!
    var provider: ReconcilerProvider!
    let clock = MovableClock()
    var store: SQLiteStore { harness.service.sqliteStore! }

    override func tearDown() async throws { await harness?.shutdown() }

    func start(_ provider: ReconcilerProvider, inBackground: Bool = false, environment: [String: String] = [:]) throws {
        self.provider = provider
        // On a whole second: the store keeps milliseconds, and a fraction would move every
        // due time by one rounding.
        let seconds = clock.now.timeIntervalSince1970
        clock.advance(seconds: seconds.rounded(.up) - seconds)
        var options = KassaService.Options()
        options.clock = clock.read
        options.reconcilesInBackground = inBackground
        options.deliversEventsInBackground = false
        options.providerFactory = { _ in [provider] }
        harness = try ServiceHarness(environment: environment, options: options, modules: [ToyModule()])
    }

    /// A toy checkout of 10.00 EUR; with `reference`, the provider knows it (pending).
    func checkout(_ order: String, reference: String? = nil, status: Checkout.Status? = nil,
                  needsSync: Bool = false) async throws -> Checkout {
        let (created, _) = try await store.createCheckout(NewCheckout(orderReference: order, provider: ProviderID("toy"),
                                                                      amount: Money(minorUnits: 1000, currency: .eur)))
        if let reference { _ = try await store.attachProviderReference(reference, data: [:], to: created.id) }
        if let status { _ = try await store.apply(StatusUpdate(source: .api, status: status, providerStatus: status.rawValue), to: created.id) }
        if needsSync { _ = try await store.markNeedsSync(created.id, source: .api, detail: "call timed out") }
        return try await current(created.id)
    }

    /// An operation whose call ended without an answer (the checkout flagged, as the API does).
    func lostOperation(_ kind: Payments.Operation.Kind, on checkout: Checkout, amount: Int64? = nil) async throws -> Payments.Operation {
        let now = clock.now
        let operation = try await store.beginOperation(Payments.Operation(
            id: .generate(kind), checkoutID: checkout.id, kind: kind, amount: amount.map { Money(minorUnits: $0, currency: .eur) },
            reason: nil, status: .requested, providerReference: nil, createdAt: now, updatedAt: now))
        _ = try await store.finishOperation(operation.id, status: .unknown, providerReference: nil)
        _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "\(kind) timed out")
        return operation
    }

    func current(_ id: CheckoutID) async throws -> Checkout {
        let found = try await store.checkout(id: id)
        return try XCTUnwrap(found)
    }

    /// When the checkout is next looked at, in milliseconds after `clock.now` (the store keeps
    /// milliseconds); nil when it left the schedule.
    func nextPoll(_ id: CheckoutID) async throws -> Int64? {
        guard let next = try await store.pollSchedule(of: id)?.nextPollAt else { return nil }
        return Int64((next.timeIntervalSince1970 * 1000).rounded()) - Int64((clock.now.timeIntervalSince1970 * 1000).rounded())
    }
}

final class ReconcilerTests: ReconcilerTestCase {
    /// Issue 14: 100 unresolvable attempts stopped every other checkout from being polled.
    func testUnresolvableCheckoutsNeverStarveAResolvableOne() async throws {
        try start(ReconcilerProvider())
        var unresolvable: [CheckoutID] = []
        for i in 0..<150 { unresolvable.append(try await checkout("lost-\(i)", needsSync: true).id) }
        clock.advance(seconds: 1)
        let resolvable = try await checkout("known", reference: "R1", needsSync: true)
        provider.answer("R1", .paid)
        clock.advance(seconds: 1)

        let changed = await harness.service.reconcile()
        XCTAssertEqual(changed, 1)
        let paid = try await current(resolvable.id)
        XCTAssertEqual(paid.status, .paid)
        XCTAssertFalse(paid.needsSync)
        XCTAssertEqual(provider.fetched, ["R1"])
        XCTAssertEqual(Set(provider.searched), Set(unresolvable), "each unresolvable one was asked about once")
        // Each is pushed back on its own back-off, still flagged for operators.
        for id in unresolvable {
            let next = try await nextPoll(id)
            XCTAssertEqual(next, 10_000)
            let stillLost = try await current(id)
            XCTAssertTrue(stillLost.needsSync)
        }
        // Nothing else is due at the same time: a second pass asks nobody.
        let again = await harness.service.reconcile()
        XCTAssertEqual(again, 0)
        XCTAssertEqual(provider.searched.count, 150)
    }

    /// A provider that answers after 90 s holds one of `reconciler.concurrency` slots; the
    /// other checkouts are polled meanwhile, within the same pass.
    func testASlowProviderAnswerHoldsOneSlotNotTheOthers() async throws {
        try start(ReconcilerProvider(gatedReference: "SLOW"))
        let slow = try await checkout("slow", reference: "SLOW", needsSync: true)
        provider.answer("SLOW", .paid)
        clock.advance(seconds: 1)
        var others: [CheckoutID] = []
        for i in 0..<20 {
            others.append(try await checkout("quick-\(i)", reference: "Q\(i)", needsSync: true).id)
            provider.answer("Q\(i)", .paid)
        }
        let othersAnswered = expectation(description: "the other 20 answered while SLOW is held")
        othersAnswered.expectedFulfillmentCount = 20
        provider.onFetch { reference in if reference != "SLOW" { othersAnswered.fulfill() } }
        clock.advance(seconds: 1)

        let service = harness.service
        let pass = Task { await service.reconcile() }
        await fulfillment(of: [othersAnswered], timeout: 30)
        // Applied too, while the slow read is still held (it was claimed first).
        for id in others {
            let polled = try await waitFor(id) { !$0.needsSync }
            XCTAssertEqual(polled.status, .paid)
        }
        let held = try await current(slow.id)
        XCTAssertTrue(held.needsSync, "the slow one is still waiting for its answer")
        provider.gate.open()
        let changed = await pass.value
        XCTAssertEqual(changed, 21)
        let answered = try await current(slow.id)
        XCTAssertEqual(answered.status, .paid)
        XCTAssertFalse(answered.needsSync)
    }

    /// The scheduler loop itself (no `reconcile()` calls): with a slot held by a slow answer,
    /// the others are polled; then the slow one lands too.
    func testTheSchedulerLoopPollsByItselfAroundASlowAnswer() async throws {
        try start(ReconcilerProvider(gatedReference: "SLOW"), inBackground: true,
                  environment: ["KASSA_RECONCILER_INTERVAL_SECONDS": "1", "KASSA_RECONCILER_CONCURRENCY": "2"])
        let slow = try await checkout("slow", reference: "SLOW", needsSync: true)
        provider.answer("SLOW", .paid)
        var others: [CheckoutID] = []
        for i in 0..<5 {
            others.append(try await checkout("quick-\(i)", reference: "Q\(i)", needsSync: true).id)
            provider.answer("Q\(i)", .paid)
        }
        // One slot is held by SLOW; the five go through the other one.
        for id in others {
            let polled = try await waitFor(id) { !$0.needsSync }
            XCTAssertEqual(polled.status, .paid)
        }
        provider.gate.open()
        let answered = try await waitFor(slow.id) { !$0.needsSync }
        XCTAssertEqual(answered.status, .paid)
    }

    /// Waits (bounded) until the stored checkout satisfies `condition`: the scheduler runs on
    /// its own tasks, so the test observes its result.
    func waitFor(_ id: CheckoutID, timeout: TimeInterval = 20, _ condition: (Checkout) -> Bool) async throws -> Checkout {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let checkout = try await current(id)
            if condition(checkout) || Date() > deadline { return checkout }
            await Task.yield()
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The work lives in the database: a restart, or a process that died holding a claim, loses nothing.
final class ReconcilerRestartTests: ReconcilerTestCase {
    func testARestartedServiceFindsTheWorkInTheDatabase() async throws {
        try start(ReconcilerProvider())
        let flagged = try await checkout("before-restart", reference: "B1", needsSync: true)
        await harness.service.shutdown()
        // A new process on the same file, nothing carried over in memory.
        var options = KassaService.Options()
        options.clock = clock.read
        options.reconcilesInBackground = false
        options.deliversEventsInBackground = false
        let restartedProvider = ReconcilerProvider()
        restartedProvider.answer("B1", .paid)
        options.providerFactory = { _ in [restartedProvider] }
        options.modules = [ToyModule()]
        let restarted = try KassaService(configuration: harness.service.configuration, options: options)
        try restarted.start()
        let changed = await restarted.reconcile()
        await restarted.shutdown()
        XCTAssertEqual(changed, 1)
        XCTAssertEqual(restartedProvider.fetched, ["B1"])
        let paid = try await current(flagged.id)
        XCTAssertEqual(paid.status, .paid)
    }

    func testAClaimWhoseProcessDiedIsTakenAgainWhenItsLeaseEnds() async throws {
        try start(ReconcilerProvider())
        let flagged = try await checkout("claimed", reference: "L1", needsSync: true)
        provider.answer("L1", .paid)
        // Another process claimed it and died before answering.
        let now = clock.now
        let claimed = try await store.claimDueCheckouts(now: now, limit: 10, scanLimit: 10) { _ in .poll(leaseUntil: now + 300) }
        XCTAssertEqual(claimed.map(\.candidate.checkout.id), [flagged.id])
        clock.advance(seconds: 299)
        await harness.service.reconcile()
        XCTAssertEqual(provider.fetched, [], "still leased")
        clock.advance(seconds: 1)
        await harness.service.reconcile()
        XCTAssertEqual(provider.fetched, ["L1"])
        let paid = try await current(flagged.id)
        XCTAssertEqual(paid.status, .paid)
    }
}
