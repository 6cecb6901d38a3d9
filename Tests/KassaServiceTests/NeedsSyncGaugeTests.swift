import Foundation
@testable import KassaService
import Sandbox
import XCTest

/// `kassa_needs_sync_oldest_seconds`: what the "needs_sync older than an hour" alert reads
/// (docs/operations/alerts.yml). A creation the provider applied but never answered leaves its
/// checkout flagged; the gauge is its age on the service's clock, 0 when nothing is flagged.
final class NeedsSyncGaugeTests: XCTestCase {
    private var harness: ServiceHarness!
    private let clock = MovableClock()

    override func tearDown() async throws { await harness?.shutdown() }


    func testTheGaugeIsTheAgeOfTheLongestFlaggedCheckout() async throws {
        var options = KassaService.Options()
        options.clock = clock.read
        options.reconcilesInBackground = false
        options.sandboxFaults = { method, path in method == "POST" && path.hasSuffix("/Smart/Transactions") ? "timeout" : nil }
        options.simulators.adjust(SecuconnectSimulator.Configuration.self) { $0.timeoutHold = .seconds(3) }
        harness = try ServiceHarness(environment: ["KASSA_PROVIDERS_SECUCONNECT_TIMEOUT_SECONDS": "1"], options: options)
        let none = try await harness.metric("kassa_needs_sync_oldest_seconds")
        XCTAssertEqual(none, "0")
        let created = try await harness.send("POST", "/v1/checkouts", body: checkoutBody())
        XCTAssertEqual(created.status, 202, created.bodyText)
        clock.advance(seconds: 2 * 3600)
        let flagged = try await harness.metric("kassa_needs_sync_oldest_seconds")
        XCTAssertEqual(flagged, "7200")
        let dead = try await harness.metric("kassa_events_dead")
        XCTAssertEqual(dead, "0")
    }
}
