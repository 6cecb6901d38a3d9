@testable import KassaService
import XCTest

/// The rules for shop strings, as tables: return URLs, printable text, idempotency keys, and the
/// JSON media type.
final class ShopInputTests: XCTestCase {
    func testReturnURLTable() {
        let accepted = ["https://shop.example", "http://shop.example/", "https://shop.example/a/b?c=d&e=%2F", "https://127.0.0.1:8443/r",
                        "HTTP://SHOP.EXAMPLE/OK", "https://xn--shp-sna.example/ok",
                        "https://shop.example:1/", "https://shop.example?only=query"]
        for url in accepted { XCTAssertNil(ShopInput.urlProblem(url), url) }
        let refused: [(String, String)] = [
            ("", "http(s)"), ("shop.example/ok", "http(s)"), ("ftp://shop.example", "http(s)"), ("https:/shop.example", "http(s)"),
            ("https://", "valid host"), ("https://:443/", "valid host"), ("https://shop.example:/", "valid host"),
            ("https://shop.example:65536/", "valid host"), ("https://shop.example:8a/", "valid host"), ("https://[::1/", "valid host"),
            ("https://[::1]/r", "valid host"), ("https://[2001:db8::1]:443/r?x", "valid host"), ("https://[0]/", "valid host"), ("https://[]/", "valid host"), ("https://sh<op.example/", "valid host"),
            ("https://a@shop.example", "userinfo"), ("https://a:b@shop.example/", "userinfo"), ("https://@shop.example/", "userinfo"),
            ("https://shop.example/#", "fragment"), ("https://shop.example/a#b", "fragment"),
            ("https://shop.example/\r", "control"), ("https://shop.example/\u{7F}", "control"), ("https://shop.example/\u{0}", "control"),
            ("https://shop.example\\evil.example", "backslash"), ("https://shop.example/ a", "spaces"), ("https://shop.example/é", "ASCII"),
            ("https://shop.example/" + String(repeating: "a", count: ShopInput.maxURLLength), "at most"),
        ]
        for (url, reason) in refused {
            let problem = ShopInput.urlProblem(url)
            XCTAssertTrue(problem?.contains(reason) == true, "\(url.debugDescription): \(problem ?? "accepted")")
        }
    }

    func testPrintableTextRefusesC0C1AndDelete() {
        for text in ["order_1", "Größe L – blau", "emoji 🧾", "", "a b"] { XCTAssertNil(ShopInput.textProblem(text), text) }
        for scalar in [0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F] {
            let text = "a" + String(Character(Unicode.Scalar(UInt32(scalar))!)) + "b"
            XCTAssertNotNil(ShopInput.textProblem(text), "U+\(String(scalar, radix: 16))")
        }
    }

    func testIdempotencyKeyRule() {
        for key in ["k", "order-42 retry 1", String(repeating: "~", count: 255)] { XCTAssertNil(ShopInput.idempotencyKeyProblem(key), key) }
        for key in ["", String(repeating: "k", count: 256), "ä", "a\tb", "a\u{7F}"] {
            XCTAssertNotNil(ShopInput.idempotencyKeyProblem(key), key.debugDescription)
        }
    }

    func testJSONMediaType() {
        for type in ["application/json", "APPLICATION/JSON", "application/json; charset=utf-8", " application/json ;x=y"] {
            XCTAssertTrue(isJSONMediaType(type), type)
        }
        for type in [nil, "", "text/json", "application/json-seq", "application/problem+json", "application/x-json", "json"] {
            XCTAssertFalse(isJSONMediaType(type), type ?? "absent")
        }
    }
}
