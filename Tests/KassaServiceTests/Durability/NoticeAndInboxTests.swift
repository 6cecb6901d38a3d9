import Foundation
import JSON
@testable import KassaService
import KassaTestSupport
import Payments
import Store
import XCTest

/// Provider notices as events of their own type, recorded once; and notifications stored but
/// not processed before a restart applying what was verified on receipt.
final class NoticeAndInboxTests: XCTestCase {
    private var harness: ServiceHarness?
    private var receiver: ShopReceiver?
    private let dataDirectory = NSTemporaryDirectory() + "kassa-notices-\(UUID().uuidString)"

    override func tearDown() async throws {
        await harness?.shutdown()
        await receiver?.stop()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    private func start(shopURL: String = "http://127.0.0.1:9/events") throws -> ServiceHarness {
        var options = KassaService.Options()
        options.reconcilesInBackground = false
        options.deliversEventsInBackground = false
        let harness = try ServiceHarness(environment: ["KASSA_DATA_DIR": dataDirectory, "KASSA_SHOP_WEBHOOK_URL": shopURL],
                                         options: options, modules: [ToyModule()])
        self.harness = harness
        return harness
    }

    private func createToyCheckout(_ harness: ServiceHarness) async throws -> String {
        let created = try await harness.json("POST", "/v1/checkouts",
                                             body: checkoutBody().replacingOccurrences(of: #""provider":"secuconnect""#, with: #""provider":"toy""#),
                                             expect: 201)
        return try XCTUnwrap(created.text("id"))
    }

    private func events(_ harness: ServiceHarness, _ query: String) async throws -> [JSONValue] {
        try await harness.json("GET", "/v1/events?" + query, expect: 200)["events"]?.arrayValue ?? []
    }

    func testAnInformationalNotificationIsANoticeEventOfItsOwnTypeRecordedOnce() async throws {
        let harness = try start()
        let id = try await createToyCheckout(harness)
        let notice = #"{"payment_id":"toy_1","chargeback_id":"cb_77"}"#
        for _ in 0..<2 {
            let answer = try await harness.send("POST", "/v1/webhooks/toy", body: notice, auth: false)
            XCTAssertEqual(answer.status, 200, answer.bodyText)
        }
        var found = await eventuallyAsync { try await !self.events(harness, "type=smartpay.chargeback").isEmpty }
        XCTAssertTrue(found)
        // Give the second notification's processing its chance, then count.
        found = await eventuallyAsync { try await harness.service.store.unprocessedWebhooks(limit: 10).isEmpty }
        XCTAssertTrue(found)
        let notices = try await events(harness, "type=smartpay.chargeback&checkout_id=\(id)")
        XCTAssertEqual(notices.count, 1, "the same notice (its key) is recorded once")
        XCTAssertEqual(notices.first?.text("event_type"), "smartpay.chargeback")
        XCTAssertEqual(notices.first?.text("notice.type"), "smartpay.chargeback")
        XCTAssertEqual(notices.first?.text("notice.detail.chargeback_id"), "cb_77")
        XCTAssertEqual(notices.first?.text("status"), "pending", "a notice changes nothing")
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "pending")
        XCTAssertEqual(checkout["needs_sync"], false)

        // Published: queued for the shop like the other types, and its body names its type.
        let due = try await harness.service.store.dueOutboxItems(limit: 100)
        let queued = try XCTUnwrap(due.first { $0.event.kind == .notice })
        let current = try await harness.service.store.checkout(id: CheckoutID(id))
        let body = try JSONValue.parse(EventPayload.body(queued.event, checkout: try XCTUnwrap(current)))
        XCTAssertEqual(body.text("type"), "smartpay.chargeback")
        XCTAssertEqual(body.text("data.notice.detail.chargeback_id"), "cb_77")
        XCTAssertEqual(body.text("data.checkout.status"), "pending")
    }

    func testANoticeAndANeedsSyncAreDeliveredToTheShopWithTheirOwnTypesInOrder() async throws {
        let receiver = try ShopReceiver()
        self.receiver = receiver
        let harness = try start(shopURL: receiver.url)
        let id = try await createToyCheckout(harness)
        let answer = try await harness.send("POST", "/v1/webhooks/toy", body: #"{"payment_id":"toy_1","chargeback_id":"cb_5"}"#, auth: false)
        XCTAssertEqual(answer.status, 200)
        let recorded = await eventuallyAsync { try await !self.events(harness, "type=smartpay.chargeback").isEmpty }
        XCTAssertTrue(recorded)
        _ = try await harness.service.store.markNeedsSync(CheckoutID(id), source: .api, detail: "capture: timeout")
        var delivered = 0
        for _ in 0..<8 where delivered < 4 { delivered += await harness.service.deliverEvents() }
        let mine = receiver.accepted.filter { $0.checkoutID == id }
        XCTAssertEqual(mine.map(\.type), ["checkout.created", "checkout.pending", "smartpay.chargeback", "checkout.needs_sync"])
        let chargeback = try XCTUnwrap(mine.first { $0.type == "smartpay.chargeback" })
        XCTAssertEqual(chargeback.json.at("data.notice.detail.chargeback_id")?.stringValue, "cb_5")
        // The checkout at delivery time: the needs_sync recorded after the notice shows already.
        XCTAssertEqual(chargeback.json.at("data.checkout.needs_sync"), true)
    }

    func testEventFiltersAndThePublishedNeedsSync() async throws {
        let harness = try start()
        let id = try await createToyCheckout(harness)
        let other = try await createToyCheckout(harness)
        _ = try await harness.service.store.markNeedsSync(CheckoutID(id), source: .api, detail: "refresh: timeout")
        let needsSync = try await events(harness, "type=checkout.needs_sync")
        XCTAssertEqual(needsSync.map { $0.text("checkout_id") }, [id])
        XCTAssertEqual(needsSync.first?.text("event_type"), "checkout.needs_sync")
        let created = try await events(harness, "type=checkout.created&checkout_id=\(other)")
        XCTAssertEqual(created.count, 1)
        let unknown = try await harness.json("GET", "/v1/events?type=checkout.ignored", expect: 422)
        XCTAssertTrue(unknown.description.contains("type"), "\(unknown)")
        let unknownNotice = try await harness.json("GET", "/v1/events?type=toy.whatever", expect: 422)
        XCTAssertNotNil(unknownNotice.text("code"))
    }

    func testANotificationResumedAfterARestartAppliesWhatWasVerified() async throws {
        var harness = try start()
        let id = try await createToyCheckout(harness)
        await harness.shutdown()
        self.harness = nil

        // Stored before the 2xx, then the process died before processing it: a verified "paid",
        // and a notice. The toy provider's status API would answer the checkout's own status
        // (pending), so "paid" afterwards can only come from the stored, verified status.
        let store = try SQLiteStore(configuration: .init(path: dataDirectory + "/kassa.sqlite"))
        _ = try await store.insertWebhook(provider: ProviderID("toy"), body: Array(#"{"payment_id":"toy_1","status":"paid"}"#.utf8),
                                          headers: [PaymentAPI.lookupHeader: "reference:toy_1"], verification: .verified,
                                          bodyLimit: nil, trustedStatus: ProviderStatus(providerStatus: "paid", status: .paid),
                                          notice: nil)
        _ = try await store.insertWebhook(provider: ProviderID("toy"), body: Array(#"{"payment_id":"toy_1","chargeback_id":"cb_9"}"#.utf8),
                                          headers: [PaymentAPI.lookupHeader: "reference:toy_1"], verification: .unsigned,
                                          bodyLimit: 8192, trustedStatus: nil,
                                          notice: ProviderNotice(type: "smartpay.chargeback", detail: ["chargeback_id": "cb_9"], key: "cb_9"))
        // An unsigned row cannot smuggle a trusted status in.
        _ = try await store.insertWebhook(provider: ProviderID("toy"), body: Array("{}".utf8),
                                          headers: [PaymentAPI.lookupHeader: "reference:toy_1"], verification: .unsigned,
                                          bodyLimit: 8192, trustedStatus: ProviderStatus(providerStatus: "refunded", status: .refunded),
                                          notice: nil)
        let pending = try await store.unprocessedWebhooks(limit: 10)
        XCTAssertEqual(pending.map(\.trustedStatus), [ProviderStatus(providerStatus: "paid", status: .paid), nil, nil])
        XCTAssertEqual(pending[1].notice?.key, "cb_9")

        harness = try start()
        let restarted = harness
        let applied = await eventuallyAsync {
            try await JSONValue.parse(restarted.send("GET", "/v1/checkouts/\(id)").body).text("status") == "paid"
        }
        XCTAssertTrue(applied, "the resumed notification applies its verified status")
        let drained = await eventuallyAsync { try await store.unprocessedWebhooks(limit: 10).isEmpty }
        XCTAssertTrue(drained)
        let notices = try await events(harness, "type=smartpay.chargeback")
        XCTAssertEqual(notices.map { $0.text("notice.detail.chargeback_id") }, ["cb_9"])
        let final = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(final.text("status"), "paid", "the unsigned row's status was never trusted")
    }
}

/// Polls an async condition (cross-task effects after a 200) for up to `seconds`.
func eventuallyAsync(_ seconds: Double = 5, _ condition: @escaping () async throws -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if (try? await condition()) == true { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}
