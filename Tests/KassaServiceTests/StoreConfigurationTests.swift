import Foundation
@testable import KassaService
import XCTest

/// `store.url`, `store.password_file` and what `check-config` shows of them (issue 19).
final class StoreConfigurationTests: XCTestCase {
    private func inspect(_ environment: [String: String], files: [String: String] = [:]) -> ConfigurationReport {
        KassaConfiguration.inspect(environment: environment, readFile: { path in files[path].map { Array($0.utf8) } })
    }

    private func parsed(_ text: String) -> DatabaseURL? {
        try? DatabaseURL.parse(text).get()
    }

    private func problem(_ text: String) -> String? {
        if case .failure(let problem) = DatabaseURL.parse(text) { return problem.message }
        return nil
    }

    func testWithoutAURLTheStoreIsSQLite() {
        let report = inspect([:])
        XCTAssertEqual(report.problems, [])
        XCTAssertNil(report.configuration.store.database)
    }

    func testAURLIsParsedIntoLibpqParameters() throws {
        let url = try XCTUnwrap(parsed("postgresql://kassa:p%40ss%3Aw0rd@db.internal:6543/payments?sslmode=verify-full&connect_timeout=5"))
        XCTAssertEqual(url.host, "db.internal")
        XCTAssertEqual(url.port, 6543)
        XCTAssertEqual(url.database, "payments")
        XCTAssertEqual(url.user, "kassa")
        XCTAssertEqual(url.password.value, "p@ss:w0rd")
        XCTAssertEqual(url.sslMode, .verifyFull)
        XCTAssertEqual(url.connectTimeoutSeconds, 5)
        XCTAssertFalse(url.isLocal)
        let keywords = Dictionary(uniqueKeysWithValues: url.connectionParameters.map { ($0.keyword, $0.value) })
        XCTAssertEqual(keywords["password"], "p@ss:w0rd")
        XCTAssertEqual(keywords["dbname"], "payments")
        XCTAssertEqual(keywords["port"], "6543")
        XCTAssertTrue(url.connectionString.contains("password='p@ss:w0rd'"))
        XCTAssertEqual(url.description, "postgres://kassa@db.internal:6543/payments?sslmode=verify-full&connect_timeout=5")
    }

    func testDefaultsIPv6AndUnixSockets() throws {
        let plain = try XCTUnwrap(parsed("postgres://kassa@127.0.0.1/kassa"))
        XCTAssertEqual(plain.port, 5432)
        XCTAssertEqual(plain.sslMode, .prefer)
        XCTAssertTrue(plain.isLocal)
        let v6 = try XCTUnwrap(parsed("postgres://kassa@[::1]:5433/kassa"))
        XCTAssertEqual(v6.host, "::1")
        XCTAssertEqual(v6.port, 5433)
        XCTAssertEqual(v6.description, "postgres://kassa@[::1]:5433/kassa?sslmode=prefer")
        let socket = try XCTUnwrap(parsed("postgres://kassa@/kassa?host=%2Frun%2Fpostgresql"))
        XCTAssertEqual(socket.host, "/run/postgresql")
        XCTAssertTrue(socket.isLocal)
        // A quote or backslash in a value cannot end the value early in the connection string.
        let quoted = try XCTUnwrap(parsed("postgres://kassa:a'b%5Cc@h/d"))
        XCTAssertTrue(quoted.connectionString.contains("password='a\\'b\\\\c'"))
    }

    func testMalformedURLsAreRefusedWithoutQuotingThem() {
        let cases: [(String, String)] = [
            ("mysql://kassa:hunter2@h/d", "must start with postgres://"),
            ("postgres://kassa:hunter2@h:99999/d", "the port must be"),
            ("postgres://kassa:hunter2@h:54x/d", "the port must be"),
            ("postgres://kassa:hunter2@h:5432", "must name the database"),
            ("postgres://kassa:hunter2@h/d?sslmod=require", "did you mean sslmode?"),
            ("postgres://kassa:hunter2@h/d?sslmode=always", "sslmode must be one of"),
            ("postgres://kassa:hunter2@h/d?connect_timeout=0", "connect_timeout"),
            ("postgres://kassa:hun ter2@h/d", "must not contain spaces"),
            ("postgres://kassa:hunter%2@h/d", "malformed %-escape"),
            ("postgres://kassa:hunter2@/d", "must name a host"),
            ("postgres://kassa:hunter2@[::1/d", "lacks its ]"),
        ]
        for (text, expected) in cases {
            let message = problem(text)
            XCTAssertTrue(message?.contains(expected) == true, "\(text): \(message ?? "accepted")")
            XCTAssertFalse(message?.contains("hunter") == true, text)
            let report = inspect(["KASSA_STORE_URL": text])
            XCTAssertEqual(report.problems.map(\.path), ["store.url"], text)
            XCTAssertFalse(report.problems.description.contains("hunter"), text)
        }
    }

    func testThePasswordComesFromAFileOrTheURLNotBoth() {
        let files = ["/run/secrets/pg": "s3cret-from-file\n"]
        let fromFile = inspect(["KASSA_STORE_URL": "postgres://kassa@127.0.0.1:5432/kassa",
                                "KASSA_STORE_PASSWORD_FILE": "/run/secrets/pg"], files: files)
        XCTAssertEqual(fromFile.problems, [])
        XCTAssertEqual(fromFile.configuration.store.database?.password.value, "s3cret-from-file")

        let both = inspect(["KASSA_STORE_URL": "postgres://kassa:inline@127.0.0.1/kassa",
                            "KASSA_STORE_PASSWORD_FILE": "/run/secrets/pg"], files: files)
        XCTAssertEqual(both.problems.map(\.path), ["store.password_file"])

        let missing = inspect(["KASSA_STORE_URL": "postgres://kassa@127.0.0.1/kassa", "KASSA_STORE_PASSWORD_FILE": "/nope"])
        XCTAssertEqual(missing.problems.map(\.description), ["store.password_file: no such file /nope"])

        let withoutURL = inspect(["KASSA_STORE_PASSWORD_FILE": "/run/secrets/pg"], files: files)
        XCTAssertEqual(withoutURL.problems.map(\.path), ["store.password_file"])
    }

    func testTheWholeURLMayComeFromAFile() {
        let report = inspect(["KASSA_STORE_URL_FILE": "/run/secrets/url"],
                             files: ["/run/secrets/url": "postgres://kassa:from-url-file@127.0.0.1:5432/kassa\n"])
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.configuration.store.database?.password.value, "from-url-file")
    }

    func testLiveModeRefusesAnUnencryptedRemoteDatabase() throws {
        let live = ["KASSA_MODE": "live", "KASSA_STORE_URL": "postgres://kassa:pw@db.example/kassa?sslmode=prefer"]
        XCTAssertTrue(inspect(live).problems.contains { $0.path == "store.url" && $0.message.contains("sslmode=require") })
        var encrypted = live
        encrypted["KASSA_STORE_URL"] = "postgres://kassa:pw@db.example/kassa?sslmode=verify-full"
        XCTAssertFalse(inspect(encrypted).problems.contains { $0.path == "store.url" })
        // On this machine the password crosses no network.
        XCTAssertEqual(inspect(["KASSA_STORE_URL": "postgres://kassa:pw@127.0.0.1/kassa?sslmode=disable"]).problems, [])
    }

    func testCheckConfigPrintsTheURLWithoutThePassword() {
        let result = KassaConfiguration.checkConfig(
            environment: ["KASSA_STORE_URL": "postgres://kassa:hunter2-secret@127.0.0.1:42432/kassa?sslmode=disable"],
            readFile: { _ in nil })
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertTrue(result.lines.contains("  store.url = \"postgres://kassa@127.0.0.1:42432/kassa?sslmode=disable\""), "\(result.lines)")
        XCTAssertFalse(result.lines.joined().contains("hunter2"))
        let sqlite = KassaConfiguration.checkConfig(environment: [:], readFile: { _ in nil })
        XCTAssertTrue(sqlite.lines.contains("  store.url = missing"))
        var dumped = ""
        dump(inspect(["KASSA_STORE_URL": "postgres://kassa:hunter2-secret@127.0.0.1/kassa"]).configuration, to: &dumped)
        XCTAssertFalse(dumped.contains("hunter2"))
    }

    func testTheDeliveryClaimLeaseOutlastsTheDeliverersWholeBatch() {
        var shop = KassaConfiguration.sandboxDefaults.shop
        // Defaults: ⌈200 ÷ 16⌉ = 13 rounds of at most 10 s, plus the margin.
        XCTAssertEqual(KassaService.outboxClaimLease(shop), 140)
        shop.deliveryConcurrency = 64
        shop.deliveryTimeoutSeconds = 2
        XCTAssertEqual(KassaService.outboxClaimLease(shop), 18)
    }
}
