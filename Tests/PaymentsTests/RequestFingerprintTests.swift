import Payments
import XCTest

final class RequestFingerprintTests: XCTestCase {
    private func fingerprint(_ body: String) -> RequestFingerprint {
        fingerprint("POST", "/v1/checkouts", body)
    }

    private func fingerprint(_ method: String, _ path: String, _ body: String) -> RequestFingerprint {
        RequestFingerprint(method: method, path: path, body: Array(body.utf8))
    }

    func testJSONKeyOrderAndWhitespaceDoNotChangeTheFingerprint() {
        let a = fingerprint(#"{"provider":"pledg","order":{"amount":4485,"currency":"EUR"}}"#)
        let b = fingerprint(#"{ "order" : { "currency" : "EUR", "amount" : 4485 }, "provider" : "pledg" }"#)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.hex.count, 64)
    }

    func testADifferentValueMethodOrPathChangesTheFingerprint() {
        let base = fingerprint(#"{"amount":4485}"#)
        XCTAssertNotEqual(base, fingerprint(#"{"amount":4486}"#))
        XCTAssertNotEqual(base, fingerprint("PUT", "/v1/checkouts", #"{"amount":4485}"#))
        XCTAssertNotEqual(base, fingerprint("POST", "/v1/checkouts/x", #"{"amount":4485}"#))
    }

    func testNonJSONBodiesAreHashedAsSent() {
        XCTAssertEqual(fingerprint("a=1&b=2"), fingerprint("a=1&b=2"))
        XCTAssertNotEqual(fingerprint("a=1&b=2"), fingerprint("b=2&a=1"))
        XCTAssertNotEqual(fingerprint(""), fingerprint(" "))
    }

    func testMethodCaseIsNormalized() {
        XCTAssertEqual(fingerprint("post", "/v1/checkouts", "{}"), fingerprint("POST", "/v1/checkouts", "{}"))
    }
}
