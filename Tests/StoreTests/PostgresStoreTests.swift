import Foundation
import Payments
@testable import Store
import XCTest

/// A PostgreSQL store test: each case gets a schema of its own on the server named by
/// `KASSA_TEST_POSTGRES_URL` (scripts/test starts a throwaway cluster and sets it), dropped
/// afterwards. Without the variable the case is skipped, saying so; with it and no server the
/// case fails (the store's `storeUnavailable`), never skips.
class PostgresStoreTestCase: XCTestCase {
    let clock = ManualClock()
    private(set) var url = ""
    private(set) var schema = ""
    private var stores: [PostgresStore] = []

    override func setUpWithError() throws {
        guard let url = ProcessInfo.processInfo.environment["KASSA_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw XCTSkip("KASSA_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against (scripts/test sets it)")
        }
        self.url = url
        schema = "kassa_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    override func tearDownWithError() throws {
        stores.forEach { $0.close() }
        guard !schema.isEmpty, !url.isEmpty else { return }
        let connection = try PostgresConnection(parameters: [("dbname", url)])
        defer { connection.close() }
        try connection.execute("SET client_min_messages = warning; DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }

    func configuration(poolSize: Int = 4) -> PostgresStore.Configuration {
        let clock = self.clock
        return PostgresStore.Configuration(url: url, schema: schema, poolSize: poolSize, now: { clock.now })
    }

    /// A store on this case's schema (another "instance" each call: its own pool and run id).
    func makeStore(poolSize: Int = 4, _ adjust: (inout PostgresStore.Configuration) -> Void = { _ in }) throws -> PostgresStore {
        var configuration = configuration(poolSize: poolSize)
        adjust(&configuration)
        let store = try PostgresStore(configuration: configuration)
        stores.append(store)
        return store
    }

    /// Runs SQL on a connection of its own (inspection and sabotage), in this case's schema.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try PostgresConnection(parameters: [("dbname", url), ("options", "-c search_path=\(schema)")])
        defer { connection.close() }
        return try body(connection)
    }

    func newCheckout(_ reference: String = "order-1", provider: ProviderID = .secuconnect, minor: Int64 = 4485) -> NewCheckout {
        NewCheckout(orderReference: reference, provider: provider, amount: Money(minorUnits: minor, currency: .eur))
    }

    func update(_ status: Checkout.Status, source: CheckoutEvent.Source = .webhook, refunded: Money? = nil) -> StatusUpdate {
        StatusUpdate(source: source, status: status, providerStatus: "raw-\(status.rawValue)", refundedAmount: refunded)
    }
}

final class PostgresStoreTests: PostgresStoreTestCase {
    func testARoundTripKeepsEveryValue() async throws {
        let store = try makeStore()
        var new = newCheckout("ä-order ✓", minor: 9_007_199_254_740_993)
        new.metadata = ["note": "quote \" and backslash \\ and ✓"]
        new.method = "card"
        let (checkout, created) = try await store.createCheckout(new)
        XCTAssertEqual(created.kind, .created)
        let attached = try await store.attachProviderReference("ref-1", data: ["token": "t"], to: checkout.id)
        XCTAssertEqual(attached.providerReference, "ref-1")
        let read = try await store.checkout(id: checkout.id)
        XCTAssertEqual(read?.orderReference, "ä-order ✓")
        XCTAssertEqual(read?.amount.minorUnits, 9_007_199_254_740_993)
        XCTAssertEqual(read?.metadata, new.metadata)
        XCTAssertEqual(read?.providerData, ["token": "t"])
        XCTAssertEqual(read?.method, "card")
        let byReference = try await store.checkout(provider: .secuconnect, reference: "ref-1")
        XCTAssertEqual(byReference?.id, checkout.id)

        // Bytes are kept as they are, NUL and 0xFF included.
        let body: [UInt8] = [0, 255, 1, 0x5C, 0x78]
        let id = try await store.insertWebhook(provider: .pledg, body: body, headers: ["a": "b"], verification: .unsigned)
        let inbox = try await store.unprocessedWebhooks(limit: 10)
        XCTAssertEqual(inbox.map(\.id), [id])
        XCTAssertEqual(inbox.first?.body, body)
        XCTAssertEqual(inbox.first?.headers, ["a": "b"])

        let key = IdempotencyKey("k", scope: "s")
        let fingerprint = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: [])
        _ = try await store.beginIdempotentRequest(key: key, fingerprint: fingerprint)
        try await store.completeIdempotentRequest(key: key, response: StoredResponse(status: 201, body: body))
        let replay = try await store.beginIdempotentRequest(key: key, fingerprint: fingerprint)
        XCTAssertEqual(replay, .replay(StoredResponse(status: 201, body: body)))
    }

    func testANulInTextIsStoredReplacedNeverCutShort() async throws {
        let store = try makeStore()
        let fingerprint = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: [])
        let withNul = try await store.beginIdempotentRequest(key: IdempotencyKey("a\u{0}b", scope: "s"), fingerprint: fingerprint)
        XCTAssertEqual(withNul, .proceed)
        let plain = try await store.beginIdempotentRequest(key: IdempotencyKey("a", scope: "s"), fingerprint: fingerprint)
        XCTAssertEqual(plain, .proceed, "the key with a NUL was not stored as `a`")
        let again = try await store.beginIdempotentRequest(key: IdempotencyKey("a\u{0}b", scope: "s"), fingerprint: fingerprint)
        XCTAssertEqual(again, .inProgress, "found again by the same value")

        let (checkout, _) = try await store.createCheckout(newCheckout())
        _ = try await store.apply(StatusUpdate(source: .poll, status: .pending, providerStatus: "wait\u{0}ing"), to: checkout.id)
        let read = try await store.checkout(id: checkout.id)
        XCTAssertEqual(read?.providerStatus, "wait\u{FFFD}ing")
    }

    func testMigrationsRunOnceWhenInstancesStartTogether() async throws {
        let configuration = configuration()
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask { try PostgresStore.migrate(configuration: configuration).to }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(versions, Array(repeating: PostgresSchema.migrations.count, count: 4))
        let recorded = try withConnection { try $0.query("SELECT version FROM schema_migrations ORDER BY version") { $0.int(0) } }
        XCTAssertEqual(recorded, Array(1...PostgresSchema.migrations.count))
        XCTAssertEqual(PostgresSchema.migrations.map(\.version), Schema.migrations.map(\.version), "the same numbering as SQLite")
        XCTAssertEqual(PostgresSchema.migrations.map(\.name), Schema.migrations.map(\.name))
        let store = try makeStore()
        let schemaVersions = try await store.schemaVersions()
        XCTAssertEqual(schemaVersions.applied, schemaVersions.known)
    }

    /// Migration 7 on rows written before it: the old next-action keys become one JSON value,
    /// spelled as on SQLite (MigrationTests).
    func testTheOldNextActionKeysBecomeOneJSONValue() async throws {
        let before = PostgresSchema.migrations.firstIndex { $0.name.hasPrefix("checkout metadata") }!
        try PostgresStore.migrate(configuration: configuration(), upTo: before)
        try withConnection {
            try $0.execute("""
                INSERT INTO orders (reference, created_at, updated_at) VALUES ('o', 1000, 1000);
                INSERT INTO checkouts (id, order_reference, provider, amount_minor, currency, status, provider_data, created_at, updated_at)
                VALUES ('chk_r', 'o', 'secuconnect', 100, 'EUR', 'pending',
                        '{"redirect_url":"https://pay/1","kassa.next_action.type":"redirect","kassa.next_action.url":"https://pay/1","kassa.shop_return.success":"https://shop/ok"}', 1000, 1000),
                       ('chk_w', 'o', 'smartpay', 100, 'EUR', 'pending',
                        '{"kassa.next_action.type":"widget","kassa.next_action.checkout_token":"t","kassa.next_action.transaction_id":"x"}', 1001, 1001),
                       ('chk_p', 'o', 'pledg', 100, 'EUR', 'pending',
                        '{"kassa.next_action.type":"pledg_plugin","kassa.next_action.merchant_uid":"m","kassa.next_action.signature":"s\\"q"}', 1001, 1001),
                       ('chk_n', 'o', 'secuconnect', 100, 'EUR', 'failed', '{}', 1002, 1002);
                """)
        }
        let store = try makeStore()
        let redirect = try await store.checkout(id: CheckoutID("chk_r"))
        XCTAssertEqual(redirect?.providerData, ["redirect_url": "https://pay/1", "kassa.shop_return.success": "https://shop/ok",
                                                "kassa.next_action": #"{"type":"redirect","url":"https://pay/1"}"#])
        let widget = try await store.checkout(id: CheckoutID("chk_w"))
        XCTAssertEqual(widget?.providerData, ["kassa.next_action": #"{"type":"widget","checkout_token":"t","transaction_id":"x"}"#])
        let plugin = try await store.checkout(id: CheckoutID("chk_p"))
        XCTAssertEqual(plugin?.providerData,
                       ["kassa.next_action": #"{"type":"pledg_plugin","merchant_uid":"m","signature":"s\"q","front_url":null}"#])
        let withoutAction = try await store.checkout(id: CheckoutID("chk_n"))
        XCTAssertEqual(withoutAction?.providerData, [:])
        XCTAssertEqual(withoutAction?.metadata, [:])
        let schedule = try await store.pollSchedule(of: CheckoutID("chk_r"))
        XCTAssertEqual(schedule?.nextPollAt, Date(unixMilliseconds: 1000), "migration 9: an open checkout is looked at at once")
    }

    func testADatabaseFromANewerKassaIsRefused() throws {
        _ = try makeStore()
        try withConnection { try $0.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)") }
        XCTAssertThrowsError(try PostgresStore(configuration: configuration())) { error in
            XCTAssertEqual(error as? PaymentStoreError, .schemaTooNew)
        }
    }

    func testAnUnreachableServerIsReportedAsSuch() async throws {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let unreachable = PostgresStore.Configuration(url: "postgres://kassa@127.0.0.1:1/kassa", connectTimeoutSeconds: 2)
        XCTAssertThrowsError(try PostgresStore(configuration: unreachable)) { error in
            XCTAssertEqual(error as? PaymentStoreError, .storeUnavailable, "\(error)")
            XCTAssertTrue("\(error)".contains("unreachable"), "\(error)")
        }
    }

    // The database refusing connections while Kassa runs (as a server that went away): calls
    // fail at once as unreachable, the write probe says so, and all is well once it is back.
    func testADatabaseThatGoesAwayIsReportedAndComesBack() async throws {
        let database = "kassa_outage_" + schema.suffix(12)
        try withConnection { try $0.execute("CREATE DATABASE \(database)") }
        defer { _ = try? withConnection { try $0.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") } }
        var configuration = configuration(poolSize: 2)
        configuration.reconnectDelay = .zero
        configuration.url = PostgresStore.redacted(url).split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/" + database
        let store = try PostgresStore(configuration: configuration)
        defer { store.close() }
        configuration.reconnectDelay = .seconds(3600)
        let patient = try PostgresStore(configuration: configuration)
        defer { patient.close() }
        let (checkout, _) = try await store.createCheckout(newCheckout())

        try withConnection {
            try $0.execute("ALTER DATABASE \(database) WITH ALLOW_CONNECTIONS false")
            _ = try $0.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database]) { $0.int(0) }
        }
        for _ in 0..<3 {
            await XCTAssertThrowsStoreError(.storeUnavailable) { try await store.checkout(id: checkout.id) }
            await XCTAssertThrowsStoreError(.storeUnavailable) { try await patient.checkout(id: checkout.id) }
        }
        let fault = await store.writeProbe()
        XCTAssertEqual(fault?.kind, .cannotOpen, "\(String(describing: fault))")
        XCTAssertFalse(fault?.message.contains("password") ?? true)

        try withConnection { try $0.execute("ALTER DATABASE \(database) WITH ALLOW_CONNECTIONS true") }
        // No reconnect delay here: the next call connects again.
        let read = try await store.checkout(id: checkout.id)
        XCTAssertEqual(read?.id, checkout.id)
        let recovered = await store.writeProbe()
        XCTAssertNil(recovered)
        await XCTAssertThrowsStoreError(.storeUnavailable, { try await patient.checkout(id: checkout.id) })
        XCTAssertEqual(patient.pool.connectionCount, 0, "within its reconnect delay, a call fails without trying to connect")
    }

    // A session the server ended while it sat idle (restart, idle timeout, an operator) is
    // noticed before the next call is sent on it: that call gets a new connection, not a 503.
    func testAConnectionTheServerDroppedWhileIdleIsReplacedBeforeUse() async throws {
        let store = try makeStore(poolSize: 2)
        let (checkout, _) = try await store.createCheckout(newCheckout())
        let application = PostgresStore.applicationName(store.runID)
        let killed = try withConnection {
            try $0.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [application]) { $0.int(0) }
        }
        XCTAssertFalse(killed.isEmpty, "the store had connections open")
        // The server's side of it: bounded polling until those sessions are gone.
        for _ in 0..<1000 {
            let left = try withConnection {
                try $0.queryFirst("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [application]) { $0.int(0) } ?? 0
            }
            if left == 0 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        for _ in 0..<6 {
            let read = try await store.checkout(id: checkout.id)
            XCTAssertEqual(read?.id, checkout.id)
        }
        let fault = await store.writeProbe()
        XCTAssertNil(fault)
    }

    func testALockHeldByAHungInstanceTimesOutInsteadOfStallingThisOne() async throws {
        let store = try makeStore { $0.lockTimeoutSeconds = 1 }
        let (checkout, _) = try await store.createCheckout(newCheckout())
        let hung = try PostgresConnection(parameters: [("dbname", url), ("options", "-c search_path=\(schema)")])
        defer { hung.close() }
        try hung.execute("BEGIN")
        _ = try hung.query("SELECT id FROM checkouts WHERE id = $1 FOR UPDATE", [checkout.id.rawValue]) { $0.text(0) }
        await XCTAssertThrowsStoreError(.storageFailure) { try await store.apply(self.update(.pending), to: checkout.id) }
        XCTAssertEqual(store.storageFaultCounts[.busy], 1, "counted as a busy store")
        try hung.execute("ROLLBACK")
        let outcome = try await store.apply(update(.pending), to: checkout.id)
        XCTAssertTrue(outcome.isApplied, "the lock released, the same update goes through")
    }

    func testThePoolNeverOpensMoreConnectionsThanItsSize() async throws {
        let store = try makeStore(poolSize: 2)
        let (checkout, _) = try await store.createCheckout(newCheckout())
        let reads = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { try await store.checkout(id: checkout.id) != nil } }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        XCTAssertEqual(reads, 40, "every call waited for a connection and got its answer")
        XCTAssertEqual(store.pool.connectionCount, 2)
        let sessions = try withConnection {
            try $0.queryFirst("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                              [PostgresStore.applicationName(store.runID)]) { $0.int(0) } ?? 0
        }
        XCTAssertEqual(sessions, 2)
    }

    func testCallsRacingACloseAreAnsweredNotLeftWaiting() async throws {
        let store = try makeStore(poolSize: 2)
        let (checkout, _) = try await store.createCheckout(newCheckout())
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<50 {
                if n == 10 { store.close() }
                group.addTask { (try? await store.checkout(id: checkout.id)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(outcomes.count, 50, "every call came back, answered or refused")
        await XCTAssertThrowsStoreError(.storeUnavailable) { try await store.checkout(id: checkout.id) }
    }

    func testLocationNeverShowsThePassword() {
        XCTAssertEqual(PostgresStore.redacted("postgres://kassa:s3cret@db.example:5433/payments?sslmode=require"),
                       "postgres://kassa@db.example:5433/payments")
        XCTAssertEqual(PostgresStore.redacted("host=127.0.0.1 port=42310 user=kassa password=s3cret dbname=k"),
                       "postgres://kassa@127.0.0.1:42310/k")
        XCTAssertFalse(PostgresStore.redacted("postgres://kassa:s3cret@[::1").contains("s3cret"))
        XCTAssertEqual(PostgresStore.redacted("postgres://kassa:s3cret@[::1]:5432/k"), "postgres://kassa@[::1]:5432/k")
        XCTAssertEqual(PostgresStore.redacted("postgres://kassa:pw@/k?host=/run/postgresql&port=5433"),
                       "postgres://kassa@/k?host=/run/postgresql&port=5433")
        XCTAssertNil(PostgresStore.problem(url: "postgres://kassa@127.0.0.1:42310/k"))
        XCTAssertNotNil(PostgresStore.problem(url: "postgres://kassa@127.0.0.1:notaport/k?bogus=1"))
    }
}
