import Foundation
import Payments
import Store
import XCTest

final class MigrationTests: StoreTestCase {
    // About SQLite's migrations (PostgreSQL's: PostgresStoreTests): SQLite only (makeSQLiteStore).
    private var latest: Int { Schema.migrations.count }

    // Raw SQL through the sqlite3 shell (installed by scripts/test): the tests need rows
    // written by an older schema, and nothing outside Store may link SQLite.
    private func sqlite(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [databasePath, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, sql)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testAnEmptyFileIsMigratedToTheLatestVersion() async throws {
        let (from, to) = try SQLiteStore.migrate(path: databasePath)
        XCTAssertEqual(from, 0)
        XCTAssertEqual(to, latest)
        XCTAssertEqual(try SQLiteStore.schemaVersion(path: databasePath), latest)
        let tables = try sqlite("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        XCTAssertEqual(tables.split(separator: "\n"), ["checkout_events", "checkouts", "event_deliveries", "idempotency_keys", "operations",
                                                        "orders", "outbox", "schema_migrations", "store_probe", "webhook_inbox"])
        XCTAssertEqual(try sqlite("PRAGMA journal_mode"), "wal")
        // Running again finds nothing to do.
        let again = try SQLiteStore.migrate(path: databasePath)
        XCTAssertEqual(again.from, latest)
        XCTAssertEqual(again.to, latest)
        XCTAssertEqual(try sqlite("SELECT count(*) FROM schema_migrations"), "\(latest)")
    }

    func testEveryLookupTheServiceMakesHasAnIndex() throws {
        try SQLiteStore.migrate(path: databasePath)
        let plans = [
            "SELECT * FROM checkouts WHERE id = 'x'",
            "SELECT * FROM checkouts WHERE provider = 'p' AND provider_reference = 'r'",
            "SELECT * FROM checkouts WHERE order_reference = 'o' ORDER BY created_at",
            "SELECT * FROM orders WHERE reference = 'o'",
            "SELECT * FROM checkout_events WHERE checkout_id = 'x' ORDER BY seq",
            "SELECT * FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= 5 ORDER BY next_attempt_at",
            "SELECT * FROM webhook_inbox WHERE processed_at IS NULL ORDER BY id",
            // The prune's two parts.
            "SELECT id FROM webhook_inbox WHERE verification != 'verified' ORDER BY id DESC LIMIT 1 OFFSET 5",
            "SELECT id FROM webhook_inbox WHERE verification != 'verified' AND (received_at < 5 OR id <= 7) ORDER BY id LIMIT 10",
            // Operations: a checkout's refunds, and the operation a provider names.
            "SELECT * FROM operations WHERE checkout_id = 'x' ORDER BY created_at, rowid",
            "SELECT * FROM operations WHERE checkout_id = 'x' AND kind = 'refund' ORDER BY created_at, rowid",
            "SELECT * FROM operations WHERE provider = 'p' AND provider_reference = 'r'",
            // The reconciler: the earliest due checkouts, the earliest due time, an open operation.
            "SELECT * FROM checkouts WHERE next_poll_at IS NOT NULL AND next_poll_at <= 5 ORDER BY next_poll_at, rowid LIMIT 10",
            "SELECT MIN(next_poll_at) FROM checkouts WHERE next_poll_at IS NOT NULL",
            "SELECT 1 FROM operations o WHERE o.checkout_id = 'x' AND o.status IN ('requested', 'unknown', 'pending')",
            "SELECT rowid FROM idempotency_keys WHERE expires_at <= 5 ORDER BY expires_at LIMIT 10",
            // GET /v1/checkouts: each filter alone, the cursor's lookup and range, newest first.
            "SELECT * FROM checkouts ORDER BY created_at DESC, rowid DESC LIMIT 11",
            "SELECT * FROM checkouts WHERE order_reference = 'o' ORDER BY created_at DESC, rowid DESC LIMIT 11",
            "SELECT * FROM checkouts WHERE status = 'paid' ORDER BY created_at DESC, rowid DESC LIMIT 11",
            "SELECT * FROM checkouts WHERE provider = 'p' ORDER BY created_at DESC, rowid DESC LIMIT 11",
            "SELECT * FROM checkouts WHERE created_at > 5 ORDER BY created_at DESC, rowid DESC LIMIT 11",
            "SELECT * FROM checkouts WHERE status = 'paid' AND (created_at, rowid) < (9, 3) ORDER BY created_at DESC, rowid DESC LIMIT 11",
            "SELECT created_at, rowid FROM checkouts WHERE id = 'x'",
            // An event's metadata comes from its checkout by primary key.
            "SELECT seq, (SELECT metadata FROM checkouts WHERE checkouts.id = checkout_events.checkout_id) FROM checkout_events WHERE seq > 5 ORDER BY seq",
        ]
        for query in plans {
            let plan = try sqlite("EXPLAIN QUERY PLAN " + query)
            XCTAssertFalse(plan.contains("SCAN") && !plan.contains("USING"), "full scan for \(query):\n\(plan)")
            XCTAssertFalse(plan.contains("TEMP B-TREE"), "sort without index for \(query):\n\(plan)")
        }
    }

    func testEachEarlierVersionMigratesToTheLatestKeepingItsData() async throws {
        for version in 1..<latest {
            try FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            XCTAssertEqual(try SQLiteStore.migrate(path: databasePath, upTo: version).to, version)
            // Rows as a binary of that version wrote them.
            _ = try sqlite("""
                INSERT INTO orders (reference, created_at, updated_at) VALUES ('old-order', 1000, 1000);
                INSERT INTO checkouts (id, order_reference, provider, amount_minor, currency, status, provider_reference,
                    created_at, updated_at) VALUES ('chk_old', 'old-order', 'smartpay', 1099, 'EUR', 'pending', 'T-1', 1000, 2000);
                INSERT INTO checkout_events (id, checkout_id, kind, source, old_status, new_status, refunded_minor, occurred_at)
                    VALUES ('evt_a', 'chk_old', 'created', 'api', NULL, 'created', 0, 1000),
                           ('evt_b', 'chk_old', 'transition', 'webhook', 'created', 'pending', 0, 2000);
                """)
            if version >= 4 {
                // From version 4 on a key has a scope; the empty one is what migration 4 gives older keys.
                _ = try sqlite("""
                    INSERT INTO idempotency_keys (scope, key, fingerprint, response_status, response_content_type, response_body,
                        created_at, expires_at) VALUES ('', 'k', 'f', 201, 'application/json', X'7B7D', 0, 9999999999999);
                    """)
            } else if version >= 2 {
                _ = try sqlite("""
                    INSERT INTO idempotency_keys (key, fingerprint, response_status, response_content_type, response_body,
                        created_at, expires_at) VALUES ('k', 'f', 201, 'application/json', X'7B7D', 0, 9999999999999);
                    """)
            }

            let store = try makeSQLiteStore()
            XCTAssertEqual(try SQLiteStore.schemaVersion(path: databasePath), latest, "from version \(version)")
            let checkout = try await store.checkout(provider: .smartpay, reference: "T-1")
            XCTAssertEqual(checkout?.id, CheckoutID("chk_old"))
            XCTAssertEqual(checkout?.amount, Money(minorUnits: 1099, currency: .eur))
            XCTAssertEqual(checkout?.providerData, [:])
            let history = try await store.events(of: CheckoutID("chk_old"))
            XCTAssertEqual(history.map(\.id.rawValue), ["evt_a", "evt_b"])

            // The old checkout goes on living in the new schema: its next event reaches the outbox.
            let outcome = try await store.apply(update(.paid), to: CheckoutID("chk_old"))
            XCTAssertEqual(outcome.event.oldStatus, .pending)
            XCTAssertGreaterThan(outcome.event.sequence, 2)
            let due = try await store.dueOutboxItems(limit: 10)
            XCTAssertEqual(due.map(\.event.id), [outcome.event.id])
            await XCTAssertThrowsStoreError(.orderAlreadyPaid) { try await store.createCheckout(self.newCheckout("old-order")) }
            if version >= 2 {
                // A key from before scoping (version 4) cannot be attributed to an API key: it is kept
                // under the empty scope until it expires, and never matched by a scoped request.
                XCTAssertEqual(try sqlite("SELECT scope || '|' || key || '|' || response_status FROM idempotency_keys"), "|k|201")
                let scoped = try await store.beginIdempotentRequest(key: IdempotencyKey("k", apiKey: Array("sk".utf8)),
                                                                    fingerprint: RequestFingerprint(hex: "f"))
                XCTAssertEqual(scoped, .proceed)
            }
        }
    }

    /// Before issue 13 the next action was one provider_data key per field of three fixed kinds;
    /// the migration folds them into one JSON value under `kassa.next_action`.
    func testTheOldNextActionKeysBecomeOneJSONValue() async throws {
        let before = Schema.migrations.firstIndex { $0.name.hasPrefix("checkout metadata") }!
        try SQLiteStore.migrate(path: databasePath, upTo: before)
        _ = try sqlite("""
            INSERT INTO orders (reference, created_at, updated_at) VALUES ('o', 1000, 1000);
            INSERT INTO checkouts (id, order_reference, provider, amount_minor, currency, status, provider_data, created_at, updated_at)
            VALUES ('chk_r', 'o', 'secuconnect', 100, 'EUR', 'pending',
                    '{"redirect_url":"https://pay/1","kassa.next_action.type":"redirect","kassa.next_action.url":"https://pay/1","kassa.shop_return.success":"https://shop/ok"}', 1000, 1000),
                   ('chk_w', 'o', 'smartpay', 100, 'EUR', 'pending',
                    '{"kassa.next_action.type":"widget","kassa.next_action.checkout_token":"t","kassa.next_action.transaction_id":"x"}', 1001, 1001),
                   ('chk_n', 'o', 'secuconnect', 100, 'EUR', 'failed', '{}', 1002, 1002);
            """)
        let store = try makeSQLiteStore()
        let redirect = try await store.checkout(id: CheckoutID("chk_r"))
        XCTAssertEqual(redirect?.providerData, ["redirect_url": "https://pay/1", "kassa.shop_return.success": "https://shop/ok",
                                                "kassa.next_action": #"{"type":"redirect","url":"https://pay/1"}"#])
        let widget = try await store.checkout(id: CheckoutID("chk_w"))
        XCTAssertEqual(widget?.providerData, ["kassa.next_action": #"{"type":"widget","checkout_token":"t","transaction_id":"x"}"#])
        let withoutAction = try await store.checkout(id: CheckoutID("chk_n"))
        XCTAssertEqual(withoutAction?.providerData, [:])
        XCTAssertEqual(withoutAction?.metadata, [:])
    }

    func testADatabaseNewerThanTheBinaryIsRefused() throws {
        let future = Schema.migrations + [Migration(version: latest + 1, name: "from the future", statements: ["CREATE TABLE future (x)"])]
        try SQLiteStore.migrate(path: databasePath, migrations: future)
        XCTAssertThrowsError(try makeSQLiteStore()) { error in
            XCTAssertEqual(error as? PaymentStoreError, .schemaTooNew)
            let message = String(describing: error)
            XCTAssertTrue(message.contains("version \(latest + 1)") && message.contains("supports (\(latest))"), message)
        }
        XCTAssertThrowsError(try SQLiteStore.migrate(path: databasePath)) { XCTAssertEqual($0 as? PaymentStoreError, .schemaTooNew) }
    }

    func testAFailingMigrationLeavesNoTraceAndTheVersionUnchanged() throws {
        let broken = Schema.migrations + [Migration(version: latest + 1, name: "broken",
                                                    statements: ["CREATE TABLE half (x)", "THIS IS NOT SQL"])]
        XCTAssertThrowsError(try SQLiteStore.migrate(path: databasePath, migrations: broken)) {
            XCTAssertEqual($0 as? PaymentStoreError, .storageFailure)
        }
        XCTAssertEqual(try SQLiteStore.schemaVersion(path: databasePath), latest, "earlier migrations committed")
        XCTAssertEqual(try sqlite("SELECT count(*) FROM sqlite_master WHERE name = 'half'"), "0", "the failed one rolled back")
    }
}
