import Crypto
import Payments
import XCTest

final class IdentifierTests: XCTestCase {
    func testCheckoutAndEventIDsArePrefixedBase32FromTheCSPRNG() {
        let ids = (0..<100).map { _ in CheckoutID.generate().rawValue }
        XCTAssertTrue(ids.allSatisfy { RandomID.isWellFormed($0, prefix: "chk_") }, ids[0])
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertTrue(RandomID.isWellFormed(EventID.generate().rawValue, prefix: "evt_"))
    }
}
