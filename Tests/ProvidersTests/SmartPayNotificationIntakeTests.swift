import Crypto
import JSON
import Payments
import Providers
import XCTest

/// `POST /v1/webhooks/smartpay` as the intake reads it: Basic credentials, the lookup from
/// `objectType`/`objectId`, a repeated `id`, and nothing kept that it must not keep.
final class SmartPayNotificationIntakeTests: XCTestCase {
    let merchantKey = "48c4e923-e88c-464b-a4e7-ccb2c6d3775e"
    let transaction = "fc10f767-12a7-46d0-9da0-4af6b5b67c4d"

    private func intake() -> SmartPayNotificationIntake {
        SmartPayNotificationIntake(username: "hook", password: "hook-password", merchantKey: merchantKey)
    }

    private func basic(_ user: String, _ password: String) -> String {
        "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
    }

    private func notification(id: String = "evt-1", objectType: String = "payment", objectID: String? = nil,
                              merchantKey: String? = nil, authorization: String?) -> ReceivedNotification {
        let body = """
        {"id": "\(id)", "merchantKey": "\(merchantKey ?? self.merchantKey)", "createdAt": "2023-04-05T13:25:41.790Z",
         "eventType": "updated", "objectId": "\(objectID ?? transaction)", "objectType": "\(objectType)", "origin": "widget"}
        """
        var headers = [(name: "Content-Type", value: "application/json")]
        if let authorization { headers.append((name: "Authorization", value: authorization)) }
        return ReceivedNotification(headers: headers, query: [:], body: Array(body.utf8))
    }

    func testRightCredentialsGiveAHintAboutThePayment() {
        let result = intake().receive(notification(authorization: basic("hook", "hook-password")))
        XCTAssertEqual(result.verification, .unsignedHint)
        XCTAssertEqual(result.lookup, .providerReference(transaction))
        XCTAssertNil(result.trustedStatus)
        // The credentials are not kept with the stored notification.
        XCTAssertNil(result.headers["authorization"])
        XCTAssertNil(result.headers["Authorization"])
    }

    func testWrongOrMissingCredentialsAreRejected() {
        for authorization in [nil, basic("hook", "wrong"), basic("hook", "hook-password") + " ", "Bearer x", basic("Hook", "hook-password")] {
            let result = intake().receive(notification(authorization: authorization))
            guard case .rejected = result.verification else { return XCTFail("\(String(describing: authorization)) accepted") }
            XCTAssertNil(result.lookup)
        }
        // Without configured credentials nothing is accepted, not even empty ones.
        let open = SmartPayNotificationIntake(username: "", password: "", merchantKey: merchantKey)
        guard case .rejected = open.receive(notification(authorization: basic("", ""))).verification else { return XCTFail() }
    }

    func testTheSameIDIsActedUponOnce() {
        let intake = intake()
        let first = intake.receive(notification(id: "evt-7", authorization: basic("hook", "hook-password")))
        let second = intake.receive(notification(id: "evt-7", authorization: basic("hook", "hook-password")))
        XCTAssertEqual(first.lookup, .providerReference(transaction))
        XCTAssertEqual(second.verification, .unsignedHint)
        XCTAssertNil(second.lookup)
        XCTAssertEqual(second.headers["x-kassa-duplicate-of"], "evt-7")
        // A rejected one does not use up its id.
        _ = intake.receive(notification(id: "evt-8", authorization: basic("hook", "nope")))
        XCTAssertEqual(intake.receive(notification(id: "evt-8", authorization: basic("hook", "hook-password"))).lookup,
                       .providerReference(transaction))
    }

    func testLookupFollowsObjectType() {
        let auth = basic("hook", "hook-password")
        XCTAssertEqual(intake().receive(notification(id: "a", objectType: "refund", objectID: "ref-1", authorization: auth)).lookup,
                       .operationReference("ref-1"))
        XCTAssertEqual(intake().receive(notification(id: "b", objectType: "prepayment", authorization: auth)).lookup,
                       .providerReference(transaction))
        XCTAssertNil(intake().receive(notification(id: "c", objectType: "payment", objectID: "../../x", authorization: auth)).lookup)
        XCTAssertNil(intake().receive(notification(id: "d", objectType: "mystery", authorization: auth)).lookup)
        XCTAssertNil(intake().receive(notification(id: "e", merchantKey: "someone-else", authorization: auth)).lookup)
    }
}
