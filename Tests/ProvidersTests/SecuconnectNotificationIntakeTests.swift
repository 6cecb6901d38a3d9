import Payments
import Providers
import XCTest

/// Secuconnect's pushes are unsigned hints naming the checkout in the push URL's query.
final class SecuconnectNotificationIntakeTests: XCTestCase {
    private let push = Array(#"{"object":"event.pushes","id":"evt_1","target":"payment.transactions","type":"changed","data":[{"object":"payment.transactions","id":"PCI_ABC"}]}"#.utf8)

    func testPushIsAHintForTheCheckoutInTheQuery() {
        let result = SecuconnectNotificationIntake().receive(ReceivedNotification(
            headers: [("Content-Type", "application/json"), ("Authorization", "Bearer x")], query: ["checkout": "chk_1"], body: push))
        XCTAssertEqual(result.verification, .unsignedHint)
        XCTAssertEqual(result.lookup, .checkoutID(CheckoutID("chk_1")))
        XCTAssertNil(result.trustedStatus)
        XCTAssertEqual(result.headers, ["content-type": "application/json"])
        XCTAssertEqual(SecuconnectProvider.paymentTransactionIDs(inPush: result.body), ["PCI_ABC"])
    }

    func testOverlongOrMissingCheckoutNamesNothing() {
        let long = SecuconnectNotificationIntake().receive(ReceivedNotification(
            headers: [], query: ["checkout": String(repeating: "x", count: 65)], body: push))
        XCTAssertNil(long.lookup)
        XCTAssertNil(SecuconnectNotificationIntake().receive(ReceivedNotification(headers: [], query: [:], body: push)).lookup)
    }
}
