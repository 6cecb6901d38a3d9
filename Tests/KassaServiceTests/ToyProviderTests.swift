import Foundation
import JSON
@testable import KassaService
import Payments
import XCTest

/// A provider that exists only in the tests (`Support/ToyProvider.swift`) joins through one
/// module entry: its configuration section, its simulator mounted under `/sandbox/toy`, its
/// adapter behind `POST /v1/checkouts`, its intake behind `POST /v1/webhooks/toy`.
final class ToyProviderTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    private static let cardNumber = "4111111111111111"
    private static let spacedCardNumber = "5555 5555 5555 4444"
    private static let cvc = "9317"

    func testToyModuleBringsItsConfiguration() {
        let report = KassaConfiguration.inspect(environment: ["KASSA_PORT": "9000"], readFile: { _ in nil }, modules: [ToyModule()])
        XCTAssertEqual(report.problems, [])
        let settings = report.configuration.providers.settings
        XCTAssertTrue(settings[flag: ToyModule.enabledPath])
        XCTAssertEqual(settings[text: ToyModule.baseURLPath], "http://127.0.0.1:9000/sandbox/toy")
        // check-config lists the toy's fields, its key only as set.
        let lines = KassaConfiguration.checkConfig(report).lines
        XCTAssertTrue(lines.contains("  providers.toy.base_url = \"http://127.0.0.1:9000/sandbox/toy\""), "\(lines)")
        XCTAssertTrue(lines.contains("  providers.toy.signing_key = set (15 chars)"))
        XCTAssertFalse(lines.contains { $0.contains("providers.secuconnect") })
        // Secuconnect is not in this list: it is neither enabled nor configurable.
        XCTAssertFalse(report.configuration.providers.secuconnect.isEnabled)
        let enabling = KassaConfiguration.inspect(environment: ["KASSA_PROVIDERS_SECUCONNECT_ENABLED": "true"],
                                                  readFile: { _ in nil }, modules: [ToyModule()])
        XCTAssertEqual(enabling.problems.map(\.path), ["KASSA_PROVIDERS_SECUCONNECT_ENABLED"])
        // Live mode asks for the toy's required fields and nothing about providers not in the list.
        let live = KassaConfiguration.inspect(environment: ["KASSA_MODE": "live"], readFile: { _ in nil }, modules: [ToyModule()])
        XCTAssertEqual(Set(live.problems.map(\.path)),
                       ["public_base_url", "api_keys", "admin_keys", ToyModule.baseURLPath, ToyModule.signingKeyPath])
    }

    func testToyProviderCheckoutAndSignedNotificationWithCardDataLeaveNoCardDataBehind() async throws {
        // Debug level: whatever the service logs at all is searched.
        harness = try ServiceHarness(environment: ["KASSA_LOG_LEVEL": "debug"], modules: [ToyModule()])
        // The adapter reaches the simulator mounted under /sandbox/toy, on the bound port.
        let created = try await harness.json("POST", "/v1/checkouts",
                                             body: checkoutBody().replacingOccurrences(of: #""provider":"secuconnect""#,
                                                                                       with: #""provider":"toy""#),
                                             expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        XCTAssertEqual(created.text("provider"), "toy")
        XCTAssertEqual(created.text("next_action.url"), harness.base + "/sandbox/toy/pay/toy_1")

        // A wrong signature: 401, not acted upon.
        let notification = """
        {"payment_id":"toy_1","status":"paid","card":{"number":"\(Self.cardNumber)","cvc":"\(Self.cvc)",
         "holder":"card \(Self.spacedCardNumber)","expiry":"12/30"}}
        """
        let forged = try await harness.send("POST", "/v1/webhooks/toy", body: notification,
                                            headers: [("X-Toy-Signature", "wrong"), ("Authorization", "Basic c2VjcmV0")], auth: false)
        XCTAssertEqual(forged.status, 401, forged.bodyText)
        XCTAssertEqual(try JSONValue.parse(forged.body).text("code"), "invalid_signature")
        let unchanged = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(unchanged.text("status"), "pending")

        // The signed one: 200, and its status is applied to the checkout found by reference.
        let signed = try await harness.send("POST", "/v1/webhooks/toy", body: notification,
                                            headers: [("X-Toy-Signature", "toy-signing-key"), ("Authorization", "Basic c2VjcmV0")],
                                            auth: false)
        XCTAssertEqual(signed.status, 200, signed.bodyText)
        var status = ""
        for _ in 0..<100 where status != "paid" {
            status = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200).text("status") ?? ""
            if status != "paid" { try await Task.sleep(for: .milliseconds(20)) }
        }
        XCTAssertEqual(status, "paid")

        // What was stored: masked, without the CVC or the Authorization header.
        let stored = try await harness.service.store.unprocessedWebhooks(limit: 10)
        XCTAssertTrue(stored.isEmpty, "both notifications are processed")
        let bytes = try databaseBytes()
        XCTAssertTrue(bytes.contains("411111******1111"), "the search reads the bytes the notification was stored in")
        XCTAssertTrue(bytes.contains("555555******4444"))
        for secret in [Self.cardNumber, "5555555555554444", Self.spacedCardNumber, "\"\(Self.cvc)\"", "\"cvc\"", "c2VjcmV0"] {
            XCTAssertFalse(bytes.contains(secret), "\(secret) is in the database file or its WAL")
        }
        let logs = harness.logLines.all.joined(separator: "\n")
        XCTAssertTrue(logs.contains("webhook processed"))
        // The CVC as a JSON value (quoted): four bare digits also turn up by chance in random
        // request ids and durations, and the logs are JSON lines.
        for secret in [Self.cardNumber, "5555555555554444", Self.spacedCardNumber, "\"\(Self.cvc)\"", "\"cvc\"", "c2VjcmV0"] {
            XCTAssertFalse(logs.contains(secret), "\(secret) is in the logs")
        }
    }

    func testWebhookForAProviderNotInTheListIs404() async throws {
        harness = try ServiceHarness(modules: [ToyModule()])
        let response = try await harness.send("POST", "/v1/webhooks/secuconnect?checkout=chk_x", body: "{}", auth: false)
        XCTAssertEqual(response.status, 404)
    }

    /// The SQLite file and its WAL, as Latin-1 text so any byte sequence can be searched.
    private func databaseBytes() throws -> String {
        let path = harness.service.configuration.databasePath
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = FileManager.default.contents(atPath: path + "-wal") { bytes.append(wal) }
        return String(decoding: bytes.map { $0 }, as: Unicode.ASCII.self)
    }
}
