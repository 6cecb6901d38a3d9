import Foundation
import JSON
@testable import KassaService
import KassaTestSupport
import Payments
import Store
import XCTest

/// Provider calls cut off by a crash or by the end of the shutdown grace: the attempt is
/// `needs_sync`, and the request's `Idempotency-Key` leads to it instead of a 409 for 24 h.
final class InterruptedCallTests: XCTestCase {
    private var harnesses: [ServiceHarness] = []
    private var gates: [KassaTestSupport.Gate] = []
    private let dataDirectory = NSTemporaryDirectory() + "kassa-interrupted-\(UUID().uuidString)"

    override func tearDown() async throws {
        for gate in gates { gate.open() }
        for harness in harnesses { await harness.shutdown() }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// A service on the shared data directory whose creations wait at a new gate.
    private func startHeld(environment: [String: String] = [:]) throws -> (ServiceHarness, KassaTestSupport.Gate) {
        let gate = KassaTestSupport.Gate()
        gates.append(gate)
        let provider = HeldProvider(base: ScriptedProvider(capabilities: .init(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true)),
                                    gate: gate)
        var options = KassaService.Options()
        options.providerFactory = { _ in [provider] }
        options.reconcilesInBackground = false
        let harness = try ServiceHarness(environment: environment.merging(["KASSA_DATA_DIR": dataDirectory]) { a, _ in a },
                                         options: options)
        harnesses.append(harness)
        return (harness, gate)
    }

    private func openStore() throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(configuration: .init(path: dataDirectory + "/kassa.sqlite"))
    }

    func testAKeyWhoseRequestDiedWithItsRunLeadsToTheAttemptMarkedNeedsSync() async throws {
        let (first, gate) = try startHeld()
        let body = checkoutBody()
        let key = [("Idempotency-Key", "order-42-attempt-1")]
        let held = Task { try await first.send("POST", "/v1/checkouts", body: body, headers: key) }
        XCTAssertTrue(eventually { gate.arrived == 1 }, "the creation must reach the provider")

        // Same run, request still running: a retry must wait (409), as before.
        try await first.json("POST", "/v1/checkouts", body: body, headers: key, expect: 409)

        // A second run on the same file while the first one's provider call hangs: the first
        // process is as good as killed for the store (its claim belongs to another run).
        let (second, _) = try startHeld()
        let resumed = try await second.json("POST", "/v1/checkouts", body: body, headers: key, expect: 202)
        let id = try XCTUnwrap(resumed.text("id"))
        XCTAssertEqual(resumed["needs_sync"], true, "the attempt's outcome at the provider is unknown")
        XCTAssertEqual(resumed.text("status"), "created")
        // Again: still the attempt, never a second creation and never a 409.
        let again = try await second.json("POST", "/v1/checkouts", body: body, headers: key, expect: 202)
        XCTAssertEqual(again.text("id"), id)

        let store = try openStore()
        let events = try await store.events(of: CheckoutID(id))
        XCTAssertEqual(events.map(\.kind), [.created, .needsSync])
        XCTAssertEqual(events.last?.detail, "interrupted: Kassa stopped before the provider answered")
        let attempts = try await store.order(reference: try XCTUnwrap(resumed.text("order_reference")))?.attempts.count
        XCTAssertEqual(attempts, 1, "the retry must not start a second attempt")
        held.cancel()
    }

    func testAKeyWhoseRequestDiedBeforeStoringAnAttemptRunsAgain() async throws {
        // A claim of an earlier run with no attempt: nothing happened, so the retry proceeds.
        let store = try openStore()
        let key = IdempotencyKey("early-death", apiKey: Array(ServiceHarness.apiKey.utf8))
        let body = checkoutBody()
        let fingerprint = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array(body.utf8))
        let claimed = try await store.beginIdempotentRequest(key: key, fingerprint: fingerprint)
        XCTAssertEqual(claimed, .proceed)

        let (service, gate) = try startHeld()
        gate.open()
        let created = try await service.json("POST", "/v1/checkouts", body: body, headers: [("Idempotency-Key", "early-death")],
                                             expect: 201)
        XCTAssertEqual(created.text("status"), "pending")
    }

    func testShutdownMarksACreationStillAtTheProviderNeedsSync() async throws {
        let (service, gate) = try startHeld(environment: ["KASSA_HTTP_SHUTDOWN_GRACE_SECONDS": "0"])
        let held = Task { try? await service.send("POST", "/v1/checkouts", body: checkoutBody()) }
        XCTAssertTrue(eventually { gate.arrived == 1 }, "the creation must reach the provider")

        await service.service.shutdown()

        let store = try openStore()
        let page = try await store.checkouts(matching: CheckoutListQuery(limit: 10))
        let checkout = try XCTUnwrap(page.first)
        XCTAssertTrue(checkout.needsSync, "the provider had not answered when the grace ended")
        XCTAssertEqual(checkout.status, .created)
        let events = try await store.events(of: checkout.id)
        XCTAssertEqual(events.last?.kind, .needsSync)
        XCTAssertEqual(events.last?.detail, "shutdown: the provider had not answered when the grace period ended")
        XCTAssertTrue(service.logLines.all.contains { $0.contains("provider calls cut off by shutdown") })
        gate.open()
        _ = await held.value
    }

    func testTheShutdownGraceIsConfigurableAndOutlastsTheLongestProviderTimeout() throws {
        let defaults = KassaConfiguration.inspect(environment: [:], readFile: { _ in nil })
        XCTAssertEqual(defaults.configuration.http.shutdownGraceSeconds, 100, "above SmartPay's 90 s timeout")
        XCTAssertEqual(KassaService.httpConfiguration(defaults.configuration).shutdownGracePeriod, .seconds(100))
        let set = KassaConfiguration.inspect(environment: ["KASSA_HTTP_SHUTDOWN_GRACE_SECONDS": "5"], readFile: { _ in nil })
        XCTAssertEqual(set.configuration.http.shutdownGraceSeconds, 5)
        let wrong = KassaConfiguration.inspect(environment: ["KASSA_HTTP_SHUTDOWN_GRACE_SECONDS": "-1"], readFile: { _ in nil })
        XCTAssertFalse(wrong.isValid)
    }
}
