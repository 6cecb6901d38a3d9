import Foundation
import KassaTestSupport
import Sandbox
import XCTest

/// Webhooks (PROVIDERS.md B, "Webhook"): the documented body, Basic credentials, retries,
/// and the duplicate and out-of-order faults.
final class SmartPayWebhookTests: XCTestCase {
    var harness: SmartPayHarness!
    var receiver: SmartPayWebhookReceiver!

    func start(failures: Int = 0, credentials: SmartPayWebhookCredentials? = SmartPayWebhookCredentials(username: "kassa", password: "hook-secret"),
               retryDelays: [Duration]? = nil) throws {
        receiver = try SmartPayWebhookReceiver(failures: failures)
        harness = try SmartPayHarness { configuration in
            configuration.webhookTransport = SmartPaySocketWebhookTransport()
            configuration.webhookURL = receiver.url
            configuration.webhookCredentials = credentials
            if let retryDelays { configuration.webhookRetryDelays = retryDelays }
        }
    }

    override func tearDown() async throws {
        await harness?.stop()
        await receiver?.stop()
    }

    func testAuthorizationSendsTheDocumentedBodyWithBasicCredentials() throws {
        try start()
        let body = SmartPaySeedFixtures.createRequest.replacingOccurrences(of: #""payment": {"#, with: #""partnerReference": "chk_9", "payment": {"#)
        let (id, token) = try harness.create(body)
        XCTAssertEqual(try harness.pay(token, "authorize").status, 200)
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 1 })
        let delivery = receiver.deliveries[0]
        XCTAssertEqual(delivery.authorization, "Basic " + Data("kassa:hook-secret".utf8).base64EncodedString())
        XCTAssertEqual(delivery.contentType, "application/json")
        let webhook = delivery.body
        XCTAssertEqual(Set(webhook.keys), ["id", "merchantKey", "createdAt", "context", "data", "origin", "eventType", "objectId", "objectType", "metadata"])
        XCTAssertEqual((webhook["id"] as? String)?.count, 36)
        XCTAssertEqual(webhook["merchantKey"] as? String, "48c4e923-e88c-464b-a4e7-ccb2c6d3775e")
        XCTAssertEqual(webhook["createdAt"] as? String, "2023-11-14T22:13:20.000Z")
        XCTAssertEqual(webhook["origin"] as? String, "widget")
        XCTAssertEqual(webhook["eventType"] as? String, "updated")
        XCTAssertEqual(webhook["objectId"] as? String, id)
        XCTAssertEqual(webhook["objectType"] as? String, "payment")
        XCTAssertEqual((webhook["data"] as? [String: String])?["transactionId"], id)
        XCTAssertEqual((webhook["context"] as? [String: String])?["partnerReference"], "chk_9")
        // No status in the body: SmartPay signs nothing, the receiver reads the payment.
        XCTAssertFalse(String(decoding: try JSONSerialization.data(withJSONObject: webhook), as: UTF8.self).contains("AUTHORIZATION"))
    }

    func testWithoutCredentialsNoAuthorizationIsSent() throws {
        try start(credentials: nil)
        let (_, token) = try harness.create()
        _ = try harness.pay(token, "capture")
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 1 })
        XCTAssertNil(receiver.deliveries[0].authorization)
    }

    func testNotifiedStatusesAndRefundsEachSendOne() throws {
        try start()
        let (id, token) = try harness.create()
        // Opening the form (AUTORIZATION_INITIALIZED) and CREATED send nothing (PROVIDERS.md B).
        _ = try harness.request("GET", "/widget?checkoutToken=\(token)", authorization: nil)
        _ = try harness.pay(token, "authorize")
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 1 })
        _ = try harness.modify("capture", id, modificationID: "c")
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 2 })
        XCTAssertEqual(receiver.deliveries[1].body["origin"] as? String, "api")
        let refund = try harness.json(try harness.modify("refund", id, modificationID: "r", amount: "1.00"))
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 3 })
        let refundID = try XCTUnwrap((refund["modifications"] as? [[String: Any]])?.last?["id"] as? String)
        XCTAssertEqual(receiver.deliveries[2].body["objectType"] as? String, "refund")
        XCTAssertEqual(receiver.deliveries[2].body["objectId"] as? String, refundID)
        XCTAssertEqual((receiver.deliveries[2].body["data"] as? [String: String])?["transactionId"], id)
        try harness.simulator.chargeback(transactionID: id)
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 4 })
        XCTAssertEqual(receiver.deliveries[3].body["origin"] as? String, "automated")
        XCTAssertEqual(receiver.attemptCount, 4)
    }

    func testPendingSendsNothingUntilItResolves() throws {
        try start()
        let (id, token) = try harness.create()
        _ = try harness.pay(token, "pending_then_capture")
        _ = try harness.status(id)
        _ = try harness.status(id)
        usleep(100_000)
        XCTAssertEqual(receiver.attemptCount, 0)
        _ = try harness.status(id)
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 1 })
        XCTAssertEqual(receiver.deliveries[0].body["origin"] as? String, "automated")
    }

    func testFailedWebhooksAreRetried() throws {
        try start(failures: 2)
        let (_, token) = try harness.create()
        _ = try harness.pay(token, "capture")
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 1 })
        XCTAssertEqual(receiver.attemptCount, 3)
    }

    func testShutdownStopsRetries() throws {
        try start(failures: 100, retryDelays: [.milliseconds(100), .milliseconds(100)])
        let (_, token) = try harness.create()
        _ = try harness.pay(token, "capture")
        XCTAssertTrue(eventually { self.receiver.attemptCount == 1 })
        harness.simulator.shutdown()
        usleep(250_000)
        XCTAssertEqual(receiver.attemptCount, 1)
    }

    func testDuplicatePushSendsTheSameWebhookTwice() throws {
        try start()
        let (_, token) = try harness.create()
        _ = try harness.pay(token, "capture", headers: ["X-Sandbox-Fault": "duplicate-push"])
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 2 })
        XCTAssertEqual(receiver.deliveries[0].body["id"] as? String, receiver.deliveries[1].body["id"] as? String)
    }

    func testOutOfOrderPushSendsTheOlderWebhookAfterTheNewer() throws {
        try start()
        let (id, token) = try harness.create()
        _ = try harness.pay(token, "authorize")
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 1 })
        let older = receiver.deliveries[0].body["id"] as? String
        harness.clock.advance(seconds: 60)
        _ = try harness.modify("capture", id, modificationID: "c", headers: ["X-Sandbox-Fault": "out-of-order-push"])
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 3 })
        XCTAssertNotEqual(receiver.deliveries[1].body["id"] as? String, older)
        XCTAssertEqual(receiver.deliveries[2].body["id"] as? String, older)
    }

    func testResendControlSendsTheLastWebhookAgain() throws {
        try start()
        let (id, token) = try harness.create()
        try harness.assertError(try harness.request("POST", "/sandbox-controls/payments/\(id)/resend-webhook"), status: 409, code: "INVALID_STATE")
        _ = try harness.pay(token, "capture")
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 1 })
        XCTAssertEqual(try harness.request("POST", "/sandbox-controls/payments/\(id)/resend-webhook").status, 200)
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 2 })
        XCTAssertEqual(receiver.deliveries[0].body["id"] as? String, receiver.deliveries[1].body["id"] as? String)
        try harness.simulator.resendLastWebhook(transactionID: id)
        XCTAssertTrue(eventually { self.receiver.deliveries.count == 3 })
    }
}
