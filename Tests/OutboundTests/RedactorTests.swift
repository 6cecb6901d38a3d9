import XCTest
@testable import Outbound

final class RedactorTests: XCTestCase {
    func testJSONSecretsAreMaskedAtAnyDepth() {
        let body = Array(#"{"grant_type":"client_credentials","client_id":"0056","client_secret":"s3cr3t-value","nested":{"access_token":"tok-123","amount":4485}}"#.utf8)
        let text = Redactor.redact(body)
        XCTAssertFalse(text.contains("s3cr3t-value"), text)
        XCTAssertFalse(text.contains("tok-123"), text)
        XCTAssertTrue(text.contains("\"client_id\":\"0056\""), text)
        XCTAssertTrue(text.contains("4485"), text)
    }

    func testFormSecretsAreMasked() {
        let text = Redactor.redact(Array("client_id=abc&client_secret=s3cr3t&grant_type=client_credentials".utf8))
        XCTAssertEqual(text, "client_id=abc&client_secret=[REDACTED]&grant_type=client_credentials")
    }

    func testCardFieldsAndCardNumbersAnywhereAreMasked() {
        let text = Redactor.redact(Array(#"{"card":{"number":"4111111111111111","cvc":"123"},"note":"pan 5500000000000004 ok"}"#.utf8))
        XCTAssertFalse(text.contains("4111111111111111"), text)
        XCTAssertFalse(text.contains("5500000000000004"), text)
        XCTAssertTrue(text.contains("550000******0004"), text)
        XCTAssertFalse(text.contains("\"123\""), text)
    }

    func testJWTsInFreeTextAreMasked() {
        let text = Redactor.redact(Array("token=eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2lnbmF0dXJl and more".utf8))
        XCTAssertFalse(text.contains("eyJhIjoxfQ"), text)
    }

    func testUnstructuredTextMentioningASecretIsWithheld() {
        let text = Redactor.redact(Array("client_secret: hunter2 (plain text)".utf8))
        XCTAssertFalse(text.contains("hunter2"))
        XCTAssertEqual(text, "[35 bytes withheld]")
    }

    func testKeyMatchingIgnoresCaseAndSeparators() {
        for key in ["client_secret", "clientSecret", "Client-Secret", "Authorization", "apiSecret", "X-Access-Token", "cvv"] {
            XCTAssertTrue(Redactor.isSensitive(key: key), key)
        }
        for key in ["client_id", "amount", "reference", "status"] {
            XCTAssertFalse(Redactor.isSensitive(key: key), key)
        }
    }
}
