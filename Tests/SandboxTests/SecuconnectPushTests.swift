import Foundation
import KassaTestSupport
import XCTest

/// Push notifications to `url_push` through an injected transport, with retries and faults.
final class SecuconnectPushTests: XCTestCase {
    var harness: SimulatorHarness!
    var receiver: PushReceiver!
    var token: String!

    func start(failures: Int = 0, retryDelays: [Duration]? = nil) throws {
        receiver = try PushReceiver(failures: failures)
        harness = try SimulatorHarness { configuration in
            configuration.pushTransport = SocketPushTransport()
            configuration.allowedURLOrigins.append(receiver.url)
            if let retryDelays { configuration.pushRetryDelays = retryDelays }
        }
        token = try harness.token()
    }

    override func tearDown() async throws {
        await harness?.stop()
        await receiver?.stop()
    }

    func create(autoCapture: Bool = false) throws -> (stx: String, pci: () throws -> String) {
        let stx = try XCTUnwrap(try harness.create(smartTransactionBody(autoCapture: autoCapture, pushURL: receiver.url), token: token)["id"] as? String)
        return (stx, {
            let transactions = try XCTUnwrap(try self.harness.read(stx, token: self.token)["transactions"] as? [[String: Any]])
            return try XCTUnwrap(transactions.first?["id"] as? String)
        })
    }

    func testEveryPaymentChangeIsPushedWithTheDocumentedBody() throws {
        try start()
        let (stx, pci) = try create()
        XCTAssertEqual(receiver.notifications.count, 0)
        _ = try harness.checkout(stx, "approve")
        XCTAssertTrue(eventually { self.receiver.notifications.count == 1 })
        let push = receiver.notifications[0]
        XCTAssertEqual(push["object"] as? String, "event.pushes")
        XCTAssertNotNil((push["id"] as? String)?.range(of: "^evt_[a-z0-9]+$", options: .regularExpression))
        XCTAssertNotNil(push["created"] as? String)
        XCTAssertEqual(push["target"] as? String, "payment.transactions")
        XCTAssertEqual(push["type"] as? String, "changed")
        let data = try XCTUnwrap(push["data"] as? [[String: String]])
        XCTAssertEqual(data, [["object": "payment.transactions", "id": try pci()]])

        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions/\(stx)/start", token: token).status, 200)
        XCTAssertTrue(eventually { self.receiver.notifications.count == 2 })
        XCTAssertNotEqual(receiver.notifications[1]["id"] as? String, push["id"] as? String)
        _ = try harness.request("POST", "/api/v2/Payment/Transactions/\(try pci())/cancel", body: #"{"reduce_amount_by": 100}"#, token: token)
        XCTAssertTrue(eventually { self.receiver.notifications.count == 3 })
    }

    func testAbandonedCheckoutPushesNothing() throws {
        try start()
        let (stx, _) = try create()
        _ = try harness.checkout(stx, "abort")
        _ = try harness.checkout(stx, "decline")
        // The decline's push is the first and only one: the abort sent none.
        XCTAssertTrue(eventually { self.receiver.notifications.count == 1 })
        XCTAssertEqual(receiver.attemptCount, 1)
    }

    func testFailedPushesAreRetried() throws {
        try start(failures: 2)
        let (stx, _) = try create()
        _ = try harness.checkout(stx, "approve")
        XCTAssertTrue(eventually { self.receiver.notifications.count == 1 })
        XCTAssertEqual(receiver.attemptCount, 3)
    }

    func testShutdownStopsRetries() throws {
        try start(failures: 100, retryDelays: [.milliseconds(100), .milliseconds(100)])
        let (stx, _) = try create()
        _ = try harness.checkout(stx, "approve")
        XCTAssertTrue(eventually { self.receiver.attemptCount == 1 })
        harness.simulator.shutdown()
        usleep(250_000)
        XCTAssertEqual(receiver.attemptCount, 1)
    }

    func testDuplicatePushSendsTheSameEventTwice() throws {
        try start()
        let (stx, _) = try create()
        _ = try harness.checkout(stx, "approve", headers: ["X-Sandbox-Fault": "duplicate-push"])
        XCTAssertTrue(eventually { self.receiver.notifications.count == 2 })
        XCTAssertEqual(receiver.notifications[0]["id"] as? String, receiver.notifications[1]["id"] as? String)
    }

    func testOutOfOrderPushSendsTheOlderEventAfterTheNewer() throws {
        try start()
        let (stx, _) = try create()
        _ = try harness.checkout(stx, "approve")
        XCTAssertTrue(eventually { self.receiver.notifications.count == 1 })
        let older = receiver.notifications[0]["id"] as? String
        harness.clock.advance(seconds: 60)
        _ = try harness.request("POST", "/api/v2/Smart/Transactions/\(stx)/start", token: token, headers: ["X-Sandbox-Fault": "out-of-order-push"])
        XCTAssertTrue(eventually { self.receiver.notifications.count == 3 })
        let pushes = receiver.notifications
        XCTAssertNotEqual(pushes[1]["id"] as? String, older)
        XCTAssertEqual(pushes[2]["id"] as? String, older)
        XCTAssertLessThan(pushes[2]["created"] as? String ?? "", pushes[1]["created"] as? String ?? "")
    }
}
