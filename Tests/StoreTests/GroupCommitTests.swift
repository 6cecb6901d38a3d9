import Foundation
import Payments
@testable import Store
import Synchronization
import XCTest

// Group commit (issue 14): writes that arrive while the writer is busy share one transaction,
// each write keeps its own all-or-nothing savepoint, and nobody is answered before the commit.
final class GroupCommitTests: StoreTestCase {
    // About SQLite's group-committing writer: SQLite only (makeSQLiteStore).
    private static let neighbours = 40

    // The writer is held busy by one write while 40 more arrive: they all go into the next
    // batch — two commits for 41 writes — and every one of them is durable once answered.
    func testWritesArrivingDuringACommitShareTheNextOne() async throws {
        let store = try makeSQLiteStore(durability: .full)
        try await makeScratchTable(store)
        let before = store.writeStatistics
        let gate = DispatchSemaphore(value: 0)
        let entered = Atomic<Bool>(false)

        async let blocker: Void = store.onWriter { db in
            entered.store(true, ordering: .sequentiallyConsistent)
            gate.wait()   // holds the writer, as a slow flush would
            try db.run("INSERT INTO scratch (n) VALUES (?)", [Int64(-1)])
        }
        try await waitUntil { entered.load(ordering: .sequentiallyConsistent) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<Self.neighbours {
                group.addTask { _ = try await store.onWriter { try $0.run("INSERT INTO scratch (n) VALUES (?)", [Int64(n)]) } }
            }
            try await waitUntil { store.groupCommitWriter.pendingCount == Self.neighbours }
            gate.signal()
            try await group.waitForAll()
        }
        try await blocker

        let after = store.writeStatistics
        XCTAssertEqual(after.writes - before.writes, Self.neighbours + 1)
        XCTAssertEqual(after.commits - before.commits, 2, "the 40 waiting writes must share one commit")
        let reopened = try makeSQLiteStore(durability: .full)
        let count = try await reopened.onWriter { try $0.queryFirst("SELECT count(*) FROM scratch") { $0.int(0) } }
        XCTAssertEqual(count, Self.neighbours + 1)
    }

    // In one batch, a write that changes a row and then throws is rolled back to its savepoint:
    // its caller gets its error, its change is gone, and the writes before and after it in the
    // same transaction succeed and are committed.
    func testAFailingWriteIsRolledBackWithoutFailingItsNeighbours() async throws {
        let store = try makeSQLiteStore(durability: .full)
        try await makeScratchTable(store)
        let before = store.writeStatistics
        let gate = DispatchSemaphore(value: 0)
        let entered = Atomic<Bool>(false)
        struct Refused: Error {}

        async let blocker: Void = store.onWriter { _ in
            entered.store(true, ordering: .sequentiallyConsistent)
            gate.wait()
        }
        try await waitUntil { entered.load(ordering: .sequentiallyConsistent) }
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<Self.neighbours {
                group.addTask {
                    do {
                        try await store.onWriter { db in
                            try db.run("INSERT INTO scratch (n) VALUES (?)", [Int64(n)])
                            // Every fifth write fails after writing, half of them by SQLite itself.
                            if n % 10 == 3 { throw Refused() }
                            if n % 10 == 8 { try db.run("INSERT INTO scratch (n) VALUES (?)", [Int64(n)]) }   // UNIQUE
                        }
                        return (n, true)
                    } catch {
                        return (n, false)
                    }
                }
            }
            try? await waitUntil { store.groupCommitWriter.pendingCount == Self.neighbours }
            gate.signal()
            var outcomes: [Int: Bool] = [:]
            for await (n, succeeded) in group { outcomes[n] = succeeded }
            return outcomes
        }
        try await blocker

        XCTAssertEqual(store.writeStatistics.commits - before.commits, 2, "the failures must not split or abort the batch")
        let stored = Set(try await store.onWriter { try $0.query("SELECT n FROM scratch") { $0.int64(0) } })
        for n in 0..<Self.neighbours {
            let shouldFail = n % 10 == 3 || n % 10 == 8
            XCTAssertEqual(outcomes[n], !shouldFail, "write \(n)")
            XCTAssertEqual(stored.contains(Int64(n)), !shouldFail, "write \(n)'s row")
        }
    }

    // Through the public API: 64 concurrent checkouts at FULL all succeed, each with its event,
    // in fewer commits than writes.
    func testConcurrentCheckoutsAreGroupCommitted() async throws {
        let store = try makeSQLiteStore(durability: .full)
        let before = store.writeStatistics
        let ids = try await withThrowingTaskGroup(of: CheckoutID.self) { group in
            for n in 0..<64 {
                let checkout = newCheckout("order-\(n)")
                group.addTask { try await store.createCheckout(checkout).0.id }
            }
            return try await group.reduce(into: [CheckoutID]()) { $0.append($1) }
        }
        XCTAssertEqual(Set(ids).count, 64)
        let after = store.writeStatistics
        XCTAssertEqual(after.writes - before.writes, 64)
        XCTAssertLessThan(after.commits - before.commits, 64)
        for id in ids {
            let events = try await store.events(of: id)
            XCTAssertEqual(events.map(\.newStatus), [.created])
        }
    }

    private func makeScratchTable(_ store: SQLiteStore) async throws {
        try await store.onWriter { try $0.execute("CREATE TABLE scratch (n INTEGER PRIMARY KEY)") }
    }

    private struct NeverHappened: Error {}

    /// Waits, yielding, until `condition` holds: another thread (the writer queue, the tasks
    /// submitting writes) makes it true. Fails the test after 10 s rather than hanging.
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(10)
        while !condition() {
            guard Date() < deadline else {
                XCTFail("condition never held")
                throw NeverHappened()
            }
            await Task.yield()
        }
    }
}
