import Foundation
import JSON
@testable import KassaService
import KassaTestSupport
import Outbound
import Sandbox
import Synchronization
import XCTest

/// Issue 14, "Fault and crash tests": checkouts through the secuconnect simulator while it
/// injects faults — a 5xx without side effect, a slow answer, a creation applied but never
/// answered, status reads failing at random, duplicated and reordered pushes. Then the clock
/// moves and the reconciler runs. At the end every checkout has its true final state, and the
/// shop's receiver got every transition exactly once by event id.
final class FaultInjectionFlowTests: XCTestCase {
    /// What the test does to one checkout, and what must become of it.
    private enum Plan: CaseIterable {
        case creationRefused        // 503 on creation: nothing exists at the provider → failed
        case creationUnanswered     // applied, never answered: unknown → expired, outcome never learned
        case slowCreationApproved   // 300 ms creation, buyer approves → paid
        case duplicatePushApproved  // every push twice → paid once
        case reorderedPushApproved  // the previous push again after the last → paid, never back
        case declined               // → failed

        var finalStatus: String {
            switch self {
            case .creationRefused, .declined: "failed"
            case .creationUnanswered: "expired"
            case .slowCreationApproved, .duplicatePushApproved, .reorderedPushApproved: "paid"
            }
        }
    }

    /// Faults by request, read by the service for every request to its simulator.
    private final class FaultPlan: Sendable {
        let nextCreation = Mutex<String?>(nil)
        let buyerFaults = Mutex<[String: String]>([:])   // Smart Transaction id → fault on its approve
        let randomness = Mutex(SplitMix64(seed: 14))

        func fault(method: String, path: String) -> String? {
            if method == "POST", path.hasSuffix("/api/v2/Smart/Transactions") {
                return nextCreation.withLock { value in defer { value = nil }; return value }
            }
            if method == "GET", path.contains("/api/v2/Smart/Transactions/") {
                // Status reads fail now and then: a re-read after a push may be lost.
                return randomness.withLock { $0.next() % 10 < 3 } ? "status=503" : nil
            }
            if method == "POST", path.contains("/pay/"), let stx = path.split(separator: "/").dropLast().last {
                return buyerFaults.withLock { $0[String(stx)] }
            }
            return nil
        }
    }

    private var harness: ServiceHarness!
    private var receiver: ShopReceiver!
    private let clock = MovableClock()
    private let faults = FaultPlan()

    override func setUp() async throws {
        receiver = try ShopReceiver()
        var options = KassaService.Options()
        options.clock = clock.read
        options.reconcilesInBackground = false
        options.deliversEventsInBackground = false
        options.deliveryJitter = { 0.5 }
        let faults = self.faults
        options.sandboxFaults = { method, path in faults.fault(method: method, path: path) }
        options.simulators.adjust(SecuconnectSimulator.Configuration.self) { $0.timeoutHold = .seconds(3) }
        harness = try ServiceHarness(environment: [
            "KASSA_SHOP_WEBHOOK_URL": receiver.url, "KASSA_SHOP_WEBHOOK_SECRET": "whsec_faults",
            "KASSA_PROVIDERS_SECUCONNECT_TIMEOUT_SECONDS": "1",
            // Every notification re-reads: the gate's 10 s would hide a re-read lost to a 503.
            "KASSA_WEBHOOKS_RESYNC_INTERVAL_SECONDS": "0",
        ], options: options)
    }

    override func tearDown() async throws {
        await harness?.shutdown()
        await receiver?.stop()
    }

    func testEveryCheckoutEndsInItsTrueStateAndTheShopGetsEachTransitionOnce() async throws {
        var planned: [(id: String, plan: Plan)] = []
        for round in 0..<4 {
            for plan in Plan.allCases {
                planned.append((try await start(plan, round: round), plan))
            }
        }
        try await waitForTheInbox()
        // Time passes: the reconciler polls what the notifications left open, then expires
        // what can never be learned.
        for _ in 0..<16 {
            clock.advance(seconds: 20 * 60)
            await harness.service.reconcile()
        }
        for (id, plan) in planned where plan != .creationUnanswered {
            let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
            XCTAssertEqual(checkout.text("status"), plan.finalStatus, "\(plan): \(checkout)")
            XCTAssertEqual(checkout.at("needs_sync"), .bool(false), "\(plan)")
        }
        clock.advance(seconds: 25 * 3600)
        await harness.service.reconcile()
        for (id, plan) in planned {
            let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
            XCTAssertEqual(checkout.text("status"), plan.finalStatus, "\(plan): \(checkout)")
        }
        try await assertEveryTransitionReachedTheShopOnce(planned.map(\.id))
    }

    /// A notification that arrives while the creation call is still waiting for the provider's
    /// answer (here held 0.7 s, within the 1 s timeout): it is stored and answered 200 at once, its processing finds the
    /// checkout without a provider reference yet and records why it could not re-read it, and
    /// nothing is lost or confused: the creation's answer then lands, the buyer pays, and the
    /// checkout ends paid with the early notification kept in the inbox.
    func testANotificationBeforeTheCreationReturnedIsKeptAndChangesNothingWrongly() async throws {
        faults.nextCreation.withLock { $0 = "latency=700" }
        let reference = "faults_early_\(UUID().uuidString.prefix(8))"
        let harness = self.harness!
        let body = checkoutBody(reference: reference)
        let creation = Task { try await harness.send("POST", "/v1/checkouts", body: body) }
        // The attempt is stored before the provider is called: find it while the call waits.
        var id: String?
        let deadline = Date().addingTimeInterval(5)
        while id == nil, Date() < deadline {
            let listed = try await harness.json("GET", "/v1/checkouts?order_reference=\(reference)", expect: 200)
            id = listed["data"]?[0]?.text("id")
            if id == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let checkoutID = try XCTUnwrap(id, "the attempt is stored before the provider call")
        let early = try await harness.send("POST", "/v1/webhooks/secuconnect?checkout=\(checkoutID)",
                                           body: #"{"object":"event.pushes","id":"evt_early","target":"payment.transactions","type":"changed","data":[]}"#,
                                           headers: [("Content-Type", "application/json")], auth: false)
        XCTAssertEqual(early.status, 200, "acknowledged while the creation still waits")
        let meanwhile = try await harness.json("GET", "/v1/checkouts/\(checkoutID)", expect: 200)
        XCTAssertEqual(meanwhile.at("provider_reference"), .null, "the creation had not returned yet")
        let created = try await creation.value
        XCTAssertEqual(created.status, 201, created.bodyText)
        let stx = try XCTUnwrap(try JSONValue.parse(created.body).text("provider_reference"))
        let form = try await harness.client.send(OutboundRequest(
            method: .post, url: harness.base + "/sandbox/secuconnect/pay/\(stx)/approve",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("payment-method=creditcard".utf8)))
        XCTAssertEqual(form.status, 303, form.bodyText)
        try await waitForTheInbox()
        for _ in 0..<4 {
            clock.advance(seconds: 20 * 60)
            await harness.service.reconcile()
        }
        let checkout = try await harness.json("GET", "/v1/checkouts/\(checkoutID)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "paid", "\(checkout)")
        XCTAssertEqual(checkout.text("provider_reference"), stx)
        let inbox = try await harness.service.store.unprocessedWebhooks(limit: 10)
        XCTAssertTrue(inbox.isEmpty, "every notification processed, the early one included")
    }

    /// Creates a checkout under the plan's creation fault and plays the buyer under its push fault.
    private func start(_ plan: Plan, round: Int) async throws -> String {
        faults.nextCreation.withLock {
            $0 = switch plan {
            case .creationRefused: "status=503"
            case .creationUnanswered: "timeout"
            case .slowCreationApproved: "latency=300"
            default: nil
            }
        }
        let response = try await harness.send("POST", "/v1/checkouts", body: checkoutBody(reference: "faults_\(round)_\(plan)"))
        let created = try JSONValue.parse(response.body)
        let id = try XCTUnwrap(created.text("id") ?? created.text("checkout_id"), "\(plan): \(response.bodyText)")
        switch plan {
        case .creationRefused: XCTAssertEqual(response.status, 502, response.bodyText)
        case .creationUnanswered: XCTAssertEqual(response.status, 202, response.bodyText)
        default: XCTAssertEqual(response.status, 201, response.bodyText)
        }
        guard plan.finalStatus != "failed" || plan == .declined, plan != .creationUnanswered else { return id }
        let stx = try XCTUnwrap(created.text("provider_reference"))
        faults.buyerFaults.withLock {
            $0[stx] = switch plan {
            case .duplicatePushApproved: "duplicate-push"
            case .reorderedPushApproved: "out-of-order-push"
            default: nil
            }
        }
        let choice = plan == .declined ? "decline" : "approve"
        let form = try await harness.client.send(OutboundRequest(
            method: .post, url: harness.base + "/sandbox/secuconnect/pay/\(stx)/\(choice)",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("payment-method=creditcard".utf8)))
        XCTAssertEqual(form.status, 303, form.bodyText)
        return id
    }

    /// Until every push has arrived (the count of answered notifications stands still for
    /// 300 ms) and every stored notification has been processed: both travel on other tasks.
    private func waitForTheInbox() async throws {
        let deadline = Date().addingTimeInterval(20)
        var last = (count: -1, since: Date())
        while Date() < deadline {
            let metrics = try await harness.send("GET", "/metrics", auth: false).bodyText
            let answered = metrics.split(separator: "\n")
                .filter { $0.hasPrefix("kassa_http_requests_total{") && $0.contains("/v1/webhooks/") }
                .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
            let pending = try await harness.service.store.unprocessedWebhooks(limit: 1000).count
            if answered != last.count { last = (answered, Date()) }
            if pending == 0, answered > 0, Date().timeIntervalSince(last.since) > 0.3 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTFail("notifications still arriving or unprocessed after 20 s")
    }

    /// Each event of these checkouts in the shop's log reached the receiver, and no transition
    /// appears twice (duplicate deliveries of one event id are allowed and folded).
    private func assertEveryTransitionReachedTheShopOnce(_ ids: [String]) async throws {
        for _ in 0..<40 {
            clock.advance(seconds: 3600)
            while await harness.service.deliverEvents() > 0 {}
        }
        let delivered = Dictionary(receiver.accepted.compactMap { d in d.json["id"]?.stringValue.map { ($0, d) } }) { first, _ in first }
        for id in ids {
            let log = try await harness.json("GET", "/v1/events?checkout_id=\(id)&limit=100", expect: 200)
            let events = log["events"]?.arrayValue ?? []
            XCTAssertFalse(events.isEmpty, id)
            for event in events {
                let eventID = try XCTUnwrap(event.text("id"))
                XCTAssertNotNil(delivered[eventID], "event \(eventID) of \(id) never reached the shop")
            }
            // A status is reached once (a duplicated or reordered push changes nothing twice).
            let transitions = events.map { "\($0.text("type") ?? "?") → \($0.text("status") ?? "?")" }
            XCTAssertEqual(transitions.count, Set(transitions).count, "a transition appears twice for \(id): \(transitions)")
        }
    }
}
