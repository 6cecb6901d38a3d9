import Foundation
import JSON
@testable import KassaService
import Outbound
import XCTest

/// Issue 12, the API's edges, over real sockets: checked basket arithmetic, return URLs,
/// printable references, idempotency keys scoped per API key, 415 for a body that is not JSON,
/// and a string beyond the JSON limit named by its field.
final class HostileInputTests: XCTestCase {
    var harness: ServiceHarness!

    override func setUp() async throws { harness = try ServiceHarness() }
    override func tearDown() async throws { await harness?.shutdown() }

    /// Sends with exactly `headers` (the harness would add `Content-Type: application/json`).
    private func sendRaw(_ method: String, _ path: String, body: String, headers: [(String, String)]) async throws -> OutboundResponse {
        try await harness.client.send(OutboundRequest(method: .init(method), url: harness.base + path,
                                                      headers: OutboundHeaders([("Authorization", "Bearer \(ServiceHarness.apiKey)")] + headers),
                                                      body: Array(body.utf8)))
    }

    private func assertFieldError(_ body: String, field: String, mentioning message: String = "",
                                  file: StaticString = #filePath, line: UInt = #line) async throws {
        let problem = try await harness.json("POST", "/v1/checkouts", body: body, expect: 422, file: file, line: line)
        XCTAssertEqual(problem.text("code"), "validation_error", file: file, line: line)
        let errors = problem["errors"]?.arrayValue ?? []
        XCTAssertTrue(errors.contains { $0.text("field") == field && ($0.text("message") ?? "").contains(message) },
                      "\(field) / \(message) not in \(errors)", file: file, line: line)
    }

    private func item(_ index: Int, quantity: Int, unit: Int64) -> String {
        #"{"reference":"r\#(index)","name":"n\#(index)","quantity":\#(quantity),"unit_amount":\#(unit)}"#
    }

    // MARK: Checked arithmetic

    func testLineTotalsSummingTo2To64PlusTheAmountAre422AndLeaveNoAttempt() async throws {
        // 184 × 10^17 + 46,744 × 10^12 + 73,709,556,101 = 2^64 + 4485: a wrapping sum reads 4485.
        var lines = (0..<184).map { item($0, quantity: 100_000, unit: 1_000_000_000_000) }
        lines.append(item(184, quantity: 46_744, unit: 1_000_000_000_000))
        lines.append(item(185, quantity: 1, unit: 73_709_556_101))
        let reference = "order_overflow_\(UUID().uuidString.prefix(8))"
        let body = checkoutBody(reference: reference, amount: 4485, items: "[" + lines.joined(separator: ",") + "]")
        // The running total leaves Int64 at the 93rd line.
        try await assertFieldError(body, field: "order.items[92].unit_amount", mentioning: "overflows")
        // Nothing was stored, and the process is alive.
        try await harness.json("GET", "/v1/orders/\(reference)", expect: 404)
        let events = try await harness.json("GET", "/v1/events", expect: 200)
        XCTAssertEqual(events["events"]?.arrayValue?.count, 0, "\(events)")
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
    }

    // MARK: Return URLs

    func testReturnURLsMustBeAbsoluteHTTPWithoutControlsUserinfoOrFragment() async throws {
        let refused: [(String, String)] = [
            ("https://shop.example/ok\r\nSet-Cookie: a=b", "control characters"),
            ("https://shop.example/ok\n", "control characters"),
            ("https://shop.example/\u{0000}ok", "control characters"),
            ("https://shop.example/\tok", "control characters"),
            ("https://shop.example\\@evil.example/", "backslash"),
            ("https://user:pass@shop.example/ok", "userinfo"),
            ("https://shop.example@evil.example/ok", "userinfo"),
            ("https://shop.example/ok#done", "fragment"),
            ("https://shop.example/o k", "spaces"),
            ("https://shöp.example/ok", "ASCII"),
            ("https:///ok", "valid host"),
            ("https://shop.example:99999/ok", "valid host"),
            ("javascript:alert(1)", "http(s)"),
            ("//shop.example/ok", "http(s)"),
            ("/relative", "http(s)"),
        ]
        for (url, message) in refused {
            let json = String(decoding: JSONValue.string(url).serialized(), as: UTF8.self)
            let body = checkoutBody().replacingOccurrences(of: #""https://shop.example/failed""#, with: json)
            try await assertFieldError(body, field: "return_urls.failure", mentioning: message)
        }
        for url in ["https://shop.example/ok?x=1&y=%20", "http://127.0.0.1:8080/return", "HTTPS://Shop.Example"] {
            let json = String(decoding: JSONValue.string(url).serialized(), as: UTF8.self)
            let body = checkoutBody().replacingOccurrences(of: #""https://shop.example/ok""#, with: json)
            try await harness.json("POST", "/v1/checkouts", body: body, expect: 201)
        }
    }

    // MARK: Printable shop strings

    func testReferencesAndOtherShopStringsMustBePrintable() async throws {
        let cases: [(String, String, String)] = [
            (#""reference":"order_"#, #""reference":"order_\u0000"#, "order.reference"),
            (#""reference":"order_"#, #""reference":"order_\u001b[31m"#, "order.reference"),
            (#""reference":"order_"#, #""reference":"order_\u0085"#, "order.reference"),
            (#""description":"Test order""#, #""description":"Test\norder""#, "order.description"),
            (#""name":"Shirt""#, #""name":"Sh\u007firt""#, "order.items[0].name"),
            (#""reference":"p1""#, #""reference":"p\u00001""#, "order.items[0].reference"),
            (#""first_name":"Max""#, #""first_name":"Max\r\n""#, "customer.first_name"),
            (#""city":"Berlin""#, #""city":"Ber\u0000lin""#, "customer.address.city"),
            (#""locale":"de-DE""#, #""locale":"de\u0000""#, "locale"),
        ]
        for (original, replacement, field) in cases {
            let body = checkoutBody().replacingOccurrences(of: original, with: replacement)
            XCTAssertNotEqual(body, checkoutBody(), field)
            try await assertFieldError(body, field: field, mentioning: "control characters")
        }
        // Printable non-ASCII is fine.
        let body = checkoutBody(reference: "bestellung_ü_\(UUID().uuidString.prefix(6))").replacingOccurrences(of: "Shirt", with: "Hemd – größe L")
        try await harness.json("POST", "/v1/checkouts", body: body, expect: 201)
    }

    // MARK: Idempotency keys

    func testIdempotencyKeysMustBePrintableASCIIUpTo255() async throws {
        for key in [String(repeating: "k", count: 256), "schlüssel", "tab\there"] {
            let response = try await harness.send("POST", "/v1/checkouts", body: checkoutBody(), headers: [("Idempotency-Key", key)])
            XCTAssertEqual(response.status, 400, "\(key): \(response.bodyText)")
            let problem = try JSONValue.parse(response.body)
            XCTAssertEqual(problem.text("code"), "invalid_idempotency_key")
            XCTAssertEqual(problem["errors"]?[0]?.text("field"), "Idempotency-Key")
        }
        let longest = String(repeating: "k", count: 255)
        let response = try await harness.send("POST", "/v1/checkouts", body: checkoutBody(), headers: [("Idempotency-Key", longest)])
        XCTAssertEqual(response.status, 201, response.bodyText)
    }

    func testTheSameIdempotencyKeyUnderTwoAPIKeysIsTwoRequests() async throws {
        await harness.shutdown()
        let second = "sk_second_merchant_key"
        harness = try ServiceHarness(environment: ["KASSA_API_KEYS": "\(ServiceHarness.apiKey),\(second)"])
        let key = ("Idempotency-Key", "order-42")
        let firstBody = checkoutBody(), secondBody = checkoutBody()
        let first = try await harness.send("POST", "/v1/checkouts", body: firstBody, headers: [key])
        XCTAssertEqual(first.status, 201, first.bodyText)
        let other = try await harness.send("POST", "/v1/checkouts", body: secondBody,
                                           headers: [key, ("Authorization", "Bearer \(second)")], auth: false)
        XCTAssertEqual(other.status, 201, "another API key's request is not a reuse: \(other.bodyText)")
        XCTAssertNotEqual(other.body, first.body)
        // Each replays its own answer.
        let replayFirst = try await harness.send("POST", "/v1/checkouts", body: firstBody, headers: [key])
        XCTAssertEqual(replayFirst.body, first.body)
        XCTAssertEqual(replayFirst.headers["Idempotent-Replayed"], "true")
        let replayOther = try await harness.send("POST", "/v1/checkouts", body: secondBody,
                                                 headers: [key, ("Authorization", "Bearer \(second)")], auth: false)
        XCTAssertEqual(replayOther.body, other.body)
        // The database holds digests, never the API keys.
        for file in try FileManager.default.contentsOfDirectory(atPath: harness.dataDirectory) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: harness.dataDirectory + "/" + file))
            XCTAssertNil(bytes.range(of: Data(second.utf8)), "an API key was stored in \(file)")
        }
    }

    // MARK: Media type and JSON limits

    func testAJSONRouteRefusesABodyThatIsNotApplicationJSON() async throws {
        for type in ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", "application/problem+json"] {
            let response = try await sendRaw("POST", "/v1/checkouts", body: checkoutBody(), headers: [("Content-Type", type)])
            XCTAssertEqual(response.status, 415, "\(type): \(response.bodyText)")
            XCTAssertEqual(response.headers["Content-Type"], "application/problem+json")
            XCTAssertEqual(try JSONValue.parse(response.body).text("code"), "unsupported_media_type")
        }
        let missing = try await sendRaw("POST", "/v1/checkouts", body: checkoutBody(), headers: [])
        XCTAssertEqual(missing.status, 415, missing.bodyText)
        for type in ["application/json; charset=utf-8", "Application/JSON", "application/json ;charset=UTF-8"] {
            let response = try await sendRaw("POST", "/v1/checkouts", body: checkoutBody(), headers: [("Content-Type", type)])
            XCTAssertEqual(response.status, 201, "\(type): \(response.bodyText)")
        }
        // The operations' optional bodies too; an empty body needs no type.
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        let refund = try await sendRaw("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount":1}"#, headers: [("Content-Type", "text/plain")])
        XCTAssertEqual(refund.status, 415, refund.bodyText)
        let capture = try await sendRaw("POST", "/v1/checkouts/\(id)/capture", body: "", headers: [])
        XCTAssertNotEqual(capture.status, 415, capture.bodyText)
        let empty = try await sendRaw("POST", "/v1/checkouts", body: "", headers: [])
        XCTAssertEqual(empty.status, 400, "no body: nothing to refuse as a media type, the JSON is missing: \(empty.bodyText)")
    }

    func testAStringBeyondTheJSONLimitIsA422NamingItsField() async throws {
        let long = String(repeating: "x", count: JSONLimits().maxStringLength + 1)
        let body = checkoutBody().replacingOccurrences(of: #""description":"Test order""#, with: #""description":"\#(long)""#)
        try await assertFieldError(body, field: "order.description", mentioning: "at most \(JSONLimits().maxStringLength) bytes")
        let inItem = checkoutBody().replacingOccurrences(of: #""name":"Shipping""#, with: #""name":"\#(long)""#)
        try await assertFieldError(inItem, field: "order.items[1].name", mentioning: "at most")
        // A malformed body stays a 400.
        let broken = body.replacingOccurrences(of: #""locale":"de-DE"}"#, with: #""locale":"de-DE",}"#)
        let problem = try await harness.json("POST", "/v1/checkouts", body: broken, expect: 400)
        XCTAssertEqual(problem.text("code"), "malformed_json")
    }
}
