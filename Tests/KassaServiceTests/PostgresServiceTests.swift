import Foundation
import JSON
@testable import KassaService
import KassaTestSupport
@testable import Store
import XCTest

/// The service on PostgreSQL (issue 19): chosen by `store.url`, two instances sharing one
/// database, and a database that goes away answered 503 — `/readyz` saying why, every API call
/// a problem, never a hang — until it is back. Each test has a database of its own in the
/// cluster `KASSA_TEST_POSTGRES_URL` names (scripts/test starts one with scripts/postgres-cluster).
final class PostgresServiceTests: XCTestCase {
    private var harnesses: [ServiceHarness] = []
    private var database = ""
    private var clusterURL = ""

    override func setUpWithError() throws {
        let url = ProcessInfo.processInfo.environment["KASSA_TEST_POSTGRES_URL"] ?? ""
        try XCTSkipIf(url.isEmpty, "KASSA_TEST_POSTGRES_URL is not set (scripts/test sets it)")
        clusterURL = url
        database = "svc_" + UUID().uuidString.lowercased().replacing("-", with: "").prefix(16)
        try admin("CREATE DATABASE \(database)")
    }

    override func tearDown() async throws {
        for harness in harnesses { await harness.shutdown() }
        if !database.isEmpty { try? admin("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
    }

    /// Runs one statement on the cluster's own database (not the test's).
    private func admin(_ sql: String) throws {
        let connection = try PostgresConnection(parameters: [("dbname", clusterURL)])
        defer { connection.close() }
        try connection.execute(sql)
    }

    /// The test's database, with a password in the URL: the trusted test cluster never asks for
    /// it, so it shows only where the URL is printed.
    private var storeURL: String {
        let parts = clusterURL.split(separator: "?", maxSplits: 1)
        let path = parts[0].replacing("postgres://kassa@", with: "postgres://kassa:pg-secret-in-url@")
        let server = path[..<(path.lastIndex(of: "/") ?? path.endIndex)]
        return server + "/" + database + (parts.count > 1 ? "?" + parts[1] : "")
    }

    private func start() throws -> ServiceHarness {
        var options = KassaService.Options()
        options.writeProbeInterval = .zero
        options.reconcilesInBackground = false
        options.deliversEventsInBackground = false
        options.storeReconnectDelay = .zero
        let harness = try ServiceHarness(environment: ["KASSA_STORE_URL": storeURL, "KASSA_STORE_POOL_SIZE": "2"], options: options)
        harnesses.append(harness)
        return harness
    }

    func testTwoInstancesShareOneDatabase() async throws {
        let a = try start(), b = try start()
        XCTAssertTrue(a.service.store is PostgresStore)
        XCTAssertNil(a.service.sqliteStore)
        let created = try await a.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        let read = try await b.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(read.text("id"), id)

        // One key through both instances: one checkout, the second answer a replay of the first.
        let key = [("Idempotency-Key", "pg-\(UUID().uuidString)")]
        let body = checkoutBody()
        let first = try await a.json("POST", "/v1/checkouts", body: body, headers: key, expect: 201)
        let replay = try await b.json("POST", "/v1/checkouts", body: body, headers: key, expect: 201)
        XCTAssertEqual(replay.text("id"), first.text("id"))
        let events = try await b.json("GET", "/v1/events?after=0&limit=100", expect: 200)
        let checkouts = Set((events["events"]?.arrayValue ?? []).compactMap { $0.text("checkout_id") })
        XCTAssertEqual(checkouts, [id, try XCTUnwrap(first.text("id"))], "one event log, whichever instance wrote to it")
    }

    func testAnUnreachableDatabaseIs503UntilItIsBack() async throws {
        let harness = try start()
        try await harness.json("GET", "/readyz", auth: false, expect: 200)
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)

        // The database refuses every connection, and the ones open are cut.
        try admin("ALTER DATABASE \(database) ALLOW_CONNECTIONS false")
        try admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database)'")

        let ready = try await harness.json("GET", "/readyz", auth: false, expect: 503)
        XCTAssertEqual(ready.text("code"), "store_unreachable")
        let detail = try XCTUnwrap(ready.text("detail"))
        XCTAssertTrue(detail.contains("/\(database)"), "names the database: \(detail)")
        XCTAssertFalse(detail.contains("pg-secret-in-url"), "never the password: \(detail)")
        let started = Date()
        let refused = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 503)
        XCTAssertEqual(refused.text("code"), "storage_unavailable")
        try await harness.json("GET", "/v1/events?after=0", expect: 503)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "answered, not hung")
        let logged = harness.logLines.all.joined(separator: "\n")
        XCTAssertFalse(logged.contains("pg-secret-in-url"), "no log line holds the password")

        try admin("ALTER DATABASE \(database) ALLOW_CONNECTIONS true")
        // With no reconnect pause (storeReconnectDelay zero) the next call connects again.
        try await harness.json("GET", "/readyz", auth: false, expect: 200)
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
    }

    /// `kassa migrate` with `store.url` set: the database of the URL, twice (the second time
    /// nothing to do), the URL printed without its password.
    func testKassaMigrateWorksOnPostgreSQL() throws {
        // Built next to the test bundle by `swift build --build-tests` (as LazyLibraryTests finds it).
        var kassa = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kassa")
        if !FileManager.default.isExecutableFile(atPath: kassa.path) {
            kassa = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kassa")
        }
        guard FileManager.default.isExecutableFile(atPath: kassa.path) else {
            return XCTFail("kassa not built at \(kassa.path); run swift build --build-tests first")
        }
        func migrate() throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = kassa
            process.arguments = ["migrate"]
            process.environment = ["KASSA_STORE_URL": storeURL, "PATH": "/usr/bin:/bin"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        let first = try migrate()
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertTrue(first.output.contains("migrated postgres://kassa@"), first.output)
        XCTAssertTrue(first.output.contains("/\(database)?") && first.output.contains("from schema version 0 to \(PostgresSchema.migrations.count)"),
                      first.output)
        let second = try migrate()
        XCTAssertEqual(second.status, 0, second.output)
        XCTAssertTrue(second.output.contains("is at schema version \(PostgresSchema.migrations.count); nothing to do"), second.output)
        XCTAssertFalse((first.output + second.output).contains("pg-secret-in-url"))
    }
}
