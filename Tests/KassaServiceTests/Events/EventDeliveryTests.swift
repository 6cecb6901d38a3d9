import Foundation
import JSON
@testable import KassaService
import XCTest

/// The deliverer end to end: a real Kassa, a real shop endpoint on loopback, a clock the test
/// moves (no sleeps), signatures checked by Stripe's own Python library.
final class EventDeliveryTests: XCTestCase {
    private var receiver: ShopReceiver!
    private var harness: ServiceHarness!
    private let clock = MovableClock()

    private func start(_ environment: [String: String] = [:]) throws {
        receiver = try ShopReceiver()
        var options = KassaService.Options()
        options.clock = clock.read
        options.deliversEventsInBackground = false
        options.deliveryJitter = { 0.5 }
        var env = ["KASSA_SHOP_WEBHOOK_URL": receiver.url, "KASSA_SHOP_WEBHOOK_SECRET": "whsec_only"]
        env.merge(environment) { _, new in new }
        harness = try ServiceHarness(environment: env, options: options)
    }

    override func tearDown() async throws {
        await harness?.shutdown()
        await receiver?.stop()
    }

    private func createCheckout() async throws -> String {
        let created = try await harness.json("POST", "/v1/checkouts",
                                             body: checkoutBody(extra: #","metadata":{"cart":"c-17"}"#), expect: 201)
        return try XCTUnwrap(created.text("id"))
    }

    private func deliver() async -> Int { await harness.service.deliverEvents() }

    /// Passes until nothing more is due now; the attempts made.
    private func drain() async -> Int {
        var total = 0
        while case let attempted = await deliver(), attempted > 0 { total += attempted }
        return total
    }


    // MARK: Signature and body

    func testEachSecretOfARotationSignsAndStripesLibraryVerifiesTheHeader() async throws {
        try start(["KASSA_SHOP_WEBHOOK_SECRETS": "whsec_new,whsec_old"])
        let id = try await createCheckout()
        let attempted = await deliver()
        XCTAssertEqual(attempted, 1, "created, then pending: the second waits for the first")
        let delivery = try XCTUnwrap(receiver.accepted.first)
        XCTAssertEqual(delivery.type, "checkout.created")
        XCTAssertEqual(delivery.checkoutID, id)
        XCTAssertEqual(delivery.json.at("data.checkout.metadata.cart")?.stringValue, "c-17")
        XCTAssertEqual(delivery.json.at("data.checkout.currency")?.stringValue, "EUR")
        XCTAssertEqual(delivery.json.at("data.checkout.amount"), 4485)
        XCTAssertNotNil(delivery.json.at("data.checkout.order_reference")?.stringValue)
        XCTAssertEqual(delivery.json.at("data.transition.status")?.stringValue, "created")
        let header = try XCTUnwrap(delivery.signature)
        XCTAssertEqual(header.split(separator: ",").filter { $0.hasPrefix("v1=") }.count, 2, header)
        XCTAssertEqual(header.split(separator: ",").first, "t=\(Int64(clock.now.timeIntervalSince1970))")

        XCTAssertEqual(try verify(delivery.body, header, secret: "whsec_new"), 0)
        XCTAssertEqual(try verify(delivery.body, header, secret: "whsec_old"), 0)
        XCTAssertEqual(try verify(delivery.body, header, secret: "whsec_other"), 1)
        XCTAssertEqual(try verify(delivery.body + Array(" ".utf8), header, secret: "whsec_new"), 1)
    }

    /// Runs scripts/verify-signature.py with the venv that scripts/stripe-venv prepares; its exit status.
    private func verify(_ body: [UInt8], _ header: String, secret: String) throws -> Int32 {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let python = try run(root.appendingPathComponent("scripts/stripe-venv").path, [])
        XCTAssertEqual(python.status, 0, "scripts/stripe-venv failed")
        let file = NSTemporaryDirectory() + "kassa-event-\(UUID().uuidString).json"
        try Data(body).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try run(python.output.trimmingCharacters(in: .whitespacesAndNewlines),
                             [root.appendingPathComponent("scripts/verify-signature.py").path, file, header, secret])
        XCTAssertNotEqual(result.status, 2, "the stripe package is missing")
        return result.status
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    // MARK: Back-off, dead, redeliver, the attempt log

    func testAShopAnswering500BacksOffThenTheEventIsDeadAndRedeliveryWorks() async throws {
        // 10 s doubling; dead once the delays add up past 60 s: attempts at 0, +10, +20, then dead.
        try start(["KASSA_SHOP_DELIVERY_INITIAL_DELAY_SECONDS": "10", "KASSA_SHOP_DELIVERY_MAX_AGE_SECONDS": "60"])
        receiver.setDown(true)
        _ = try await createCheckout()
        var attempted = await deliver()
        XCTAssertEqual(attempted, 1)
        attempted = await deliver()
        XCTAssertEqual(attempted, 0, "not due again before its back-off")
        clock.advance(seconds: 10)
        attempted = await deliver()
        XCTAssertEqual(attempted, 1)
        clock.advance(seconds: 20)
        attempted = await deliver()
        XCTAssertEqual(attempted, 1)
        // The created event is dead after its third attempt; the checkout's next event (pending),
        // held back until now, goes at once.
        attempted = await deliver()
        XCTAssertEqual(attempted, 1)
        XCTAssertEqual(receiver.attempts, 4)
        let deadCount = try await harness.metric("kassa_events_dead")
        XCTAssertEqual(deadCount, "1")

        let events = try await harness.json("GET", "/v1/events", expect: 200)
        let eventID = try XCTUnwrap(events["events"]?[0]?.text("id"))
        var log = try await harness.json("GET", "/v1/events/\(eventID)/deliveries", expect: 200)
        XCTAssertEqual(log["data"]?.arrayValue?.count, 3)
        XCTAssertEqual(log["data"]?[0]?["http_status"], 500)
        XCTAssertEqual(log["data"]?[0]?.text("error"), "HTTP 500")
        XCTAssertNotNil(log["data"]?[2]?["duration_ms"]?.numberValue)

        receiver.setDown(false)
        try await harness.json("POST", "/v1/events/\(eventID)/redeliver", expect: 202)
        attempted = await deliver()
        XCTAssertEqual(attempted, 1, "the redelivered event; the pending one is in its back-off")
        XCTAssertEqual(receiver.accepted.map(\.type), ["checkout.created"])
        log = try await harness.json("GET", "/v1/events/\(eventID)/deliveries", expect: 200)
        XCTAssertEqual(log["data"]?.arrayValue?.count, 4)
        XCTAssertEqual(log["data"]?[3]?["http_status"], 204)
        XCTAssertEqual(log["data"]?[3]?["error"], .null)
        let deadAfter = try await harness.metric("kassa_events_dead")
        XCTAssertEqual(deadAfter, "0")

        try await harness.json("POST", "/v1/events/evt_unknown/redeliver", expect: 404)
        try await harness.json("GET", "/v1/events/evt_unknown/deliveries", expect: 404)
    }

    // MARK: Order per checkout, independence across checkouts

    func testAFailedFirstEventHoldsBackItsCheckoutsLaterEventsButNoOtherCheckout() async throws {
        try start()
        let first = try await createCheckout()
        let second = try await createCheckout()
        receiver.setFailing([first])
        try await harness.json("POST", "/v1/checkouts/\(first)/cancel", body: "{}", expect: 200)
        var attempted = await drain()
        // Each checkout has created, pending (and the first canceled): the first checkout's
        // created event fails and holds back the rest of its events; the second's all go.
        XCTAssertEqual(attempted, 3)
        XCTAssertEqual(receiver.accepted.map(\.checkoutID), [second, second])

        receiver.setFailing([])
        attempted = await drain()
        XCTAssertEqual(attempted, 0, "the failed one is not due yet, and the later ones wait for it")
        clock.advance(seconds: 10)
        attempted = await drain()
        XCTAssertEqual(attempted, 3)
        let ofFirst = receiver.accepted.filter { $0.checkoutID == first }
        XCTAssertEqual(ofFirst.map(\.type), ["checkout.created", "checkout.pending", "checkout.canceled"])
        // Delivered late, the created event shows the checkout as it is now.
        XCTAssertEqual(ofFirst.first?.json.at("data.checkout.status")?.stringValue, "canceled")
        XCTAssertEqual(ofFirst.first?.json.at("data.transition.status")?.stringValue, "created")
    }

    func testAShopThatIsDownThenBackGetsEveryEventInOrderPerCheckout() async throws {
        try start()
        let port = receiver.port
        await receiver.stop()
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try await createCheckout()) }
        try await harness.json("POST", "/v1/checkouts/\(ids[0])/cancel", body: "{}", expect: 200)
        var attempted = await drain()
        XCTAssertEqual(attempted, 3, "each checkout's first event, refused; the later ones wait")
        let events = try await harness.json("GET", "/v1/events", expect: 200)
        let firstEvent = try XCTUnwrap(events["events"]?[0]?.text("id"))
        let log = try await harness.json("GET", "/v1/events/\(firstEvent)/deliveries", expect: 200)
        XCTAssertEqual(log["data"]?[0]?["http_status"], .null, "no answer: no status")
        XCTAssertNotNil(log["data"]?[0]?.text("error"))

        receiver = try ShopReceiver(port: port)
        clock.advance(seconds: 10)
        attempted = await drain()
        XCTAssertEqual(attempted, 7, "3 created, 3 pending, 1 canceled")
        for id in ids {
            let types = receiver.accepted.filter { $0.checkoutID == id }.map(\.type)
            XCTAssertEqual(types, id == ids[0] ? ["checkout.created", "checkout.pending", "checkout.canceled"]
                                                : ["checkout.created", "checkout.pending"], id)
        }
        XCTAssertEqual(Set(receiver.accepted.compactMap { $0.json["id"]?.stringValue }).count, 7, "each event once")
    }

    func testTheEventLogFiltersByCheckoutOrderReferenceAndType() async throws {
        try start()
        let first = try await createCheckout()
        _ = try await createCheckout()
        try await harness.json("POST", "/v1/checkouts/\(first)/cancel", body: "{}", expect: 200)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(first)", expect: 200)
        let reference = try XCTUnwrap(checkout.text("order_reference"))
        func sequences(_ query: String) async throws -> [String] {
            let page = try await harness.json("GET", "/v1/events?" + query, expect: 200)
            return page["events"]?.arrayValue?.map { "\($0.text("checkout_id") == first ? "first" : "other") \($0.text("status") ?? "")" } ?? []
        }
        let ofFirst = try await sequences("checkout_id=\(first)")
        XCTAssertEqual(ofFirst, ["first created", "first pending", "first canceled"])
        let ofOrder = try await sequences("order_reference=\(reference)")
        XCTAssertEqual(ofOrder, ["first created", "first pending", "first canceled"])
        let canceled = try await sequences("type=checkout.canceled")
        XCTAssertEqual(canceled, ["first canceled"])
        let created = try await sequences("type=checkout.created")
        XCTAssertEqual(created, ["first created", "other created"])
        let none = try await sequences("checkout_id=chk_none")
        XCTAssertEqual(none, [])
        let bad = try await harness.json("GET", "/v1/events?type=paid", expect: 422)
        XCTAssertEqual(bad["errors"]?[0]?.text("field"), "type")
    }

    func testWithoutAWebhookURLNothingIsQueuedAndRedeliveryIsAConflict() async throws {
        receiver = try ShopReceiver()
        harness = try ServiceHarness()
        _ = try await createCheckout()
        let events = try await harness.json("GET", "/v1/events", expect: 200)
        XCTAssertEqual(events["events"]?.arrayValue?.isEmpty, false, "the event log has them")
        let backlog = try await harness.metric("kassa_outbox_backlog")
        XCTAssertEqual(backlog, "0", "no backlog grows that nobody drains")
        try await harness.json("POST", "/v1/events/evt_any/redeliver", expect: 409)
        let attempted = await harness.service.deliverEvents()
        XCTAssertEqual(attempted, 0)
    }
}
