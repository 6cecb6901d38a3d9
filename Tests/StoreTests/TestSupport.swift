import Foundation
import Payments
import Store
import XCTest

/// A clock the tests move by hand, so expiry and scheduling never sleep.
/// `@unchecked Sendable`: the lock guards `current`.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private let start: Date
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.start = start
        current = start
    }

    /// Back to where it started (the next store's run of a test).
    func reset() { lock.withLock { current = start } }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current.addTimeInterval(seconds) } }
}

/// Which implementation a store test is running against.
enum StoreBackend: String {
    case sqlite
    case postgresql
}

/// The base of the store tests: one set of tests, two implementations (issue 19). A test of
/// the store's behaviour wraps its body in `onEachStore`, which runs it on SQLite and then —
/// when `KASSA_TEST_POSTGRES_URL` names a server (scripts/test always sets it, from
/// scripts/postgres-cluster) — on PostgreSQL in a schema of its own, each time with the clock
/// back at its start. A failure of the PostgreSQL run says `[postgresql]`. With the variable
/// set and the server unreachable, opening the store throws and the test fails: it is never
/// skipped. Tests of SQLite itself (its file, pragmas, crash recovery) use `makeSQLiteStore`.
/// A fresh directory per test (SQLite's file), removed afterwards.
class StoreTestCase: XCTestCase {
    var directory: URL!
    let clock = ManualClock()
    /// The implementation `makeStore()` opens now.
    private(set) var backend = StoreBackend.sqlite
    /// The PostgreSQL run's schema: every `makeStore()` of one run opens the same data.
    private var schema = ""

    /// `KASSA_TEST_POSTGRES_URL`, when set and not empty.
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["KASSA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The stores `onEachStore` runs a test on.
    static var backends: [StoreBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgresql] }

    // XCTest on Linux runs a test case once (its teardown state is final after one run) and
    // finds no inherited test methods, so the second store is a second pass inside the test.
    /// Runs `body` once per store, each pass with the clock at its start and a store of its own.
    func onEachStore(_ body: () async throws -> Void) async throws {
        for backend in Self.backends {
            self.backend = backend
            clock.reset()
            // Letters, digits and _ only (PostgresStore.Configuration.schema).
            schema = "t_" + UUID().uuidString.lowercased().replacing("-", with: "")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try await body()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    override func recordFailure(withDescription description: String, inFile filePath: String, atLine lineNumber: Int,
                                expected: Bool) {
        let prefix = backend == .postgresql ? "[postgresql] " : ""
        super.recordFailure(withDescription: prefix + description, inFile: filePath, atLine: lineNumber, expected: expected)
    }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kassa-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    var databasePath: String { directory.appendingPathComponent("kassa.db").path }

    /// The store under test, on this pass's store; a second call opens the same data (a restart).
    /// `durability` is SQLite's (the PostgreSQL server's own settings decide its flushes).
    func makeStore(durability: SQLiteStore.Configuration.Durability = .normal) throws -> any StoreUnderTest {
        switch backend {
        case .sqlite:
            return try makeSQLiteStore(durability: durability)
        case .postgresql:
            let clock = self.clock
            let url = try XCTUnwrap(Self.postgresURL)
            return try PostgresStore(configuration: .init(url: url, schema: schema, poolSize: 4, now: { clock.now }))
        }
    }

    /// SQLite's store, for the tests of SQLite itself.
    func makeSQLiteStore(durability: SQLiteStore.Configuration.Durability = .normal) throws -> SQLiteStore {
        let clock = self.clock
        return try SQLiteStore(configuration: .init(path: databasePath, durability: durability, now: { clock.now }))
    }

    func newCheckout(_ reference: String = "order-1", provider: ProviderID = .secuconnect, minor: Int64 = 4485) -> NewCheckout {
        NewCheckout(orderReference: reference, provider: provider, amount: Money(minorUnits: minor, currency: .eur))
    }

    func update(_ status: Checkout.Status, source: CheckoutEvent.Source = .webhook, amount: Money? = nil,
                refunded: Money? = nil) -> StatusUpdate {
        StatusUpdate(source: source, status: status, providerStatus: "raw-\(status.rawValue)", amount: amount, refundedAmount: refunded)
    }
}

/// Asserts that `body` throws a `PaymentStoreError` equal to `expected`.
func XCTAssertThrowsStoreError<T>(_ expected: PaymentStoreError, _ body: () async throws -> T,
                                  file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await body()
        XCTFail("expected \(expected), nothing thrown", file: file, line: line)
    } catch let error as PaymentStoreError {
        XCTAssertEqual(error, expected, "\(error)", file: file, line: line)
    } catch {
        XCTFail("expected \(expected), got \(error)", file: file, line: line)
    }
}

/// What the shared store tests call: the service's whole protocol, and the inspection methods
/// both implementations have with the same signature that the service itself does not need.
protocol StoreUnderTest: KassaStore {
    /// The reconciler's schedule of one checkout: its next look and the polls counted.
    func pollSchedule(of id: CheckoutID) async throws -> (nextPollAt: Date?, attempts: Int)?
    /// The unverified notifications kept: rows, stored bytes, received bytes.
    func inboxFootprint() async throws -> (rows: Int, storedBytes: Int, receivedBytes: Int)
}

extension SQLiteStore: StoreUnderTest {}
extension PostgresStore: StoreUnderTest {}
