import CSQLite
import Glibc
import Payments
@testable import Store
import XCTest

/// The store's side of crash recovery and storage faults: provider calls cut off, idempotency
/// claims of a dead run, and how SQLite's errors are classified.
final class InterruptedCallsStoreTests: StoreTestCase {
    // About SQLite's run marks and error classes (PostgreSQL's run ids: PostgresStoreTests): SQLite only (makeSQLiteStore).
    private func reopened(marking: Bool) throws -> SQLiteStore {
        var configuration = SQLiteStore.Configuration(path: databasePath, durability: .normal, now: { [clock] in clock.now })
        configuration.marksInterruptedCallsAtOpen = marking
        return try SQLiteStore(configuration: configuration)
    }

    func testOpeningMarksCreationsAndOperationsCutOffByADeadRun() async throws {
        let store = try makeSQLiteStore()
        let (cutOff, _) = try await store.createCheckout(newCheckout("cut-off"))
        let (answered, _) = try await store.createCheckout(newCheckout("answered"))
        _ = try await store.attachProviderReference(nil, data: [:], to: answered.id)   // the provider answered "created"
        let (paid, _) = try await store.createCheckout(newCheckout("paid"))
        _ = try await store.apply(update(.paid), to: paid.id)
        let refund = try await store.beginOperation(Operation(id: OperationID("op_refund_1"), checkoutID: paid.id, kind: .refund,
                                                              amount: nil, reason: nil, status: .requested, providerReference: nil,
                                                              createdAt: clock.now, updatedAt: clock.now))
        XCTAssertEqual(refund.status, .requested)

        let unmarked = try reopened(marking: false)
        let untouched = try await unmarked.checkout(id: cutOff.id)
        XCTAssertEqual(untouched?.needsSync, false, "only the service's open marks")

        let restarted = try reopened(marking: true)
        let marked = try await restarted.checkout(id: cutOff.id)
        XCTAssertEqual(marked?.needsSync, true)
        XCTAssertEqual(marked?.status, .created)
        let notCutOff = try await restarted.checkout(id: answered.id)
        XCTAssertEqual(notCutOff?.needsSync, false, "its creation was answered")
        let paidAfter = try await restarted.checkout(id: paid.id)
        XCTAssertEqual(paidAfter?.needsSync, true, "a refund in flight: its outcome is unknown")
        let operation = try await restarted.operation(id: OperationID("op_refund_1"))
        XCTAssertEqual(operation?.status, .unknown)
        let events = try await restarted.events(of: cutOff.id)
        XCTAssertEqual(events.last?.kind, .needsSync)
        XCTAssertEqual(events.last?.detail, SQLiteStore.interruptedAtStartDetail)

        // Done once: a second start finds nothing left to mark.
        let again = try await restarted.markInterruptedCalls(detail: "again")
        XCTAssertEqual(again, [])
    }

    func testAnUnansweredKeyOfAnotherRunResumesItsAttemptOrIsClaimedAgain() async throws {
        let first = try makeSQLiteStore()
        let fingerprint = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array("{}".utf8))
        let withAttempt = IdempotencyKey("with-attempt", scope: "s")
        let without = IdempotencyKey("without", scope: "s")
        _ = try await first.beginIdempotentRequest(key: withAttempt, fingerprint: fingerprint)
        _ = try await first.beginIdempotentRequest(key: without, fingerprint: fingerprint)
        var new = newCheckout("keyed")
        new.idempotencyKey = withAttempt
        let (checkout, _) = try await first.createCheckout(new)
        let same = try await first.beginIdempotentRequest(key: withAttempt, fingerprint: fingerprint)
        XCTAssertEqual(same, .inProgress, "the same run: the request is still running")

        let second = try makeSQLiteStore()
        let resumed = try await second.beginIdempotentRequest(key: withAttempt, fingerprint: fingerprint)
        XCTAssertEqual(resumed, .resume(checkout.id))
        let reclaimed = try await second.beginIdempotentRequest(key: without, fingerprint: fingerprint)
        XCTAssertEqual(reclaimed, .proceed)
        let nowRunning = try await second.beginIdempotentRequest(key: without, fingerprint: fingerprint)
        XCTAssertEqual(nowRunning, .inProgress, "claimed by this run now")
        let other = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array("{\"a\":1}".utf8))
        let conflict = try await second.beginIdempotentRequest(key: withAttempt, fingerprint: other)
        XCTAssertEqual(conflict, .conflict)
    }

    func testSQLiteErrorsAreClassifiedByResultCodeAndErrno() {
        func kind(_ code: Int32, errno: Int32 = 0) -> StorageFault.Kind? {
            SQLiteError(code: code, operation: "step", message: "m", systemErrno: errno).fault?.kind
        }
        XCTAssertEqual(kind(SQLITE_FULL), .diskFull)
        XCTAssertEqual(kind(SQLITE_IOERR | (3 << 8), errno: ENOSPC), .diskFull)
        XCTAssertEqual(kind(SQLITE_IOERR | (3 << 8), errno: EFBIG), .diskFull, "RLIMIT_FSIZE")
        XCTAssertEqual(kind(SQLITE_IOERR | (3 << 8), errno: EROFS), .readOnly)
        XCTAssertEqual(kind(SQLITE_IOERR | (3 << 8), errno: EIO), .ioError)
        XCTAssertEqual(kind(SQLITE_READONLY), .readOnly)
        XCTAssertEqual(kind(SQLITE_CORRUPT), .corrupt)
        XCTAssertEqual(kind(SQLITE_NOTADB), .corrupt)
        XCTAssertEqual(kind(SQLITE_BUSY), .busy)
        XCTAssertEqual(kind(SQLITE_CANTOPEN), .cannotOpen)
        XCTAssertNil(kind(SQLITE_CONSTRAINT | (8 << 8)), "a constraint is an answer, not a fault")
    }

    func testAFaultIsReportedOncePerKindUntilAWriteSucceeds() {
        let recorder = StorageFaultRecorder()
        let full = StorageFault(kind: .diskFull, message: "full")
        XCTAssertTrue(recorder.record(full))
        XCTAssertFalse(recorder.record(full))
        XCTAssertTrue(recorder.record(StorageFault(kind: .readOnly, message: "ro")), "another kind is news")
        recorder.noteWriteSucceeded()
        XCTAssertTrue(recorder.record(full), "news again after the store wrote")
        XCTAssertEqual(recorder.counts[.diskFull], 3)
        XCTAssertEqual(recorder.counts[.corrupt], 0)
        XCTAssertEqual(recorder.counts.count, StorageFault.Kind.allCases.count)
    }
}
