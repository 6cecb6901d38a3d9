import Foundation
import JSON
@testable import KassaService
import XCTest

/// The service's edges over real sockets: health, auth, request ids, validation, problem+json.
final class ServiceBasicsTests: XCTestCase {
    var harness: ServiceHarness!

    override func setUp() async throws { harness = try ServiceHarness() }
    override func tearDown() async throws { await harness.shutdown() }

    func testHealthzAndReadyzAnswerWithoutAuthentication() async throws {
        let health = try await harness.json("GET", "/healthz", auth: false, expect: 200)
        XCTAssertEqual(health, ["status": "ok"])
        let ready = try await harness.json("GET", "/readyz", auth: false, expect: 200)
        XCTAssertEqual(ready.text("status"), "ready")
        XCTAssertGreaterThan(ready["schema_version"]?.int64Value ?? 0, 0)
    }

    func testMissingOrWrongAPIKeyIs401ProblemJSON() async throws {
        for header in [[], [("Authorization", "Bearer sk_wrong")], [("Authorization", "Basic c2s6")]] {
            let response = try await harness.send("GET", "/v1/events", headers: header, auth: false)
            XCTAssertEqual(response.status, 401)
            XCTAssertEqual(response.headers["Content-Type"], "application/problem+json")
            let problem = try JSONValue.parse(response.body)
            XCTAssertEqual(problem["status"]?.int64Value, 401)
            XCTAssertEqual(problem.text("code"), "unauthorized")
            XCTAssertNotNil(problem.text("type"))
            XCTAssertNotNil(problem.text("title"))
            XCTAssertNotNil(problem.text("detail"))
        }
        try await harness.json("GET", "/v1/events", expect: 200)
        // An unknown /v1 path reveals nothing without a key.
        try await harness.json("GET", "/v1/secret-things", auth: false, expect: 401)
        try await harness.json("GET", "/v1/secret-things", expect: 404)
    }

    func testWebhooksAndReturnNeedNoAPIKey() async throws {
        // Not 401: the webhook route answers for itself (unknown provider → 404).
        let response = try await harness.send("POST", "/v1/webhooks/nobody", body: "{}", auth: false)
        XCTAssertEqual(response.status, 404)
        let back = try await harness.send("GET", "/v1/return/secuconnect/chk_missing?outcome=success", auth: false)
        XCTAssertEqual(back.status, 404)
    }

    func testRequestIDIsEchoedOrGenerated() async throws {
        let echoed = try await harness.send("GET", "/healthz", headers: [("X-Request-Id", "shop-req-42")], auth: false)
        XCTAssertEqual(echoed.headers["X-Request-Id"], "shop-req-42")
        let generated = try await harness.send("GET", "/nowhere", auth: false)
        XCTAssertEqual(generated.status, 404)
        XCTAssertTrue(generated.headers["X-Request-Id"]?.hasPrefix("req_") ?? false)
        XCTAssertEqual(generated.headers["Content-Type"], "application/problem+json")
    }

    func testEveryRequestIsOneJSONLogLine() async throws {
        _ = try await harness.send("GET", "/healthz", headers: [("X-Request-Id", "log-me")], auth: false)
        let line = try XCTUnwrap(harness.logLines.all.first { $0.contains("log-me") })
        let entry = try JSONValue.parse(line)
        XCTAssertEqual(entry.text("msg"), "request")
        XCTAssertEqual(entry.text("route"), "/healthz")
        XCTAssertEqual(entry["status"]?.int64Value, 200)
        XCTAssertNotNil(entry["duration_ms"]?.doubleValue)
    }

    func testMalformedJSONIs400WithProblem() async throws {
        let problem = try await harness.json("POST", "/v1/checkouts", body: #"{"provider": "secuconnect",}"#, expect: 400)
        XCTAssertEqual(problem.text("code"), "malformed_json")
        let notObject = try await harness.json("POST", "/v1/checkouts", body: "[1]", expect: 422)
        XCTAssertEqual(notObject["errors"]?[0]?.text("message"), "must be an object, not array")
    }

    /// Each invalid body names exactly the field at fault.
    func testValidationErrorsNameTheJSONPath() async throws {
        let items3 = """
        [{"reference":"a","name":"A","quantity":1,"unit_amount":100},{"reference":"b","name":"B","quantity":1,"unit_amount":100},
         {"reference":"c","name":"C","quantity":"2","unit_amount":100}]
        """
        let cases: [(String, String, String)] = [
            (checkoutBody().replacingOccurrences(of: #""provider":"secuconnect""#, with: #""provider":"paypal""#), "provider", "unknown provider"),
            (checkoutBody().replacingOccurrences(of: #""provider":"secuconnect""#, with: #""provider":7"#), "provider", "must be a string"),
            (checkoutBody(amount: 0, items: "[]"), "order.amount", "must be positive"),
            (checkoutBody(amount: -5, items: "[]"), "order.amount", "must be positive"),
            (checkoutBody(amount: 10_000_001, items: "[]"), "order.amount", "must not exceed"),
            (checkoutBody().replacingOccurrences(of: #""amount":4485"#, with: #""amount":44.85"#), "order.amount", "must be an integer"),
            (checkoutBody().replacingOccurrences(of: #""currency":"EUR""#, with: #""currency":"XYZ""#), "order.currency", "unknown currency"),
            (checkoutBody(amount: 4000), "order.items", "does not equal"),
            (checkoutBody(amount: 300, items: items3), "order.items[2].quantity", "must be an integer"),
            (checkoutBody().replacingOccurrences(of: #""type":"shipping""#, with: #""type":"gift""#), "order.items[1].type", "must be article"),
            (checkoutBody().replacingOccurrences(of: #""country":"DE""#, with: #""country":"Germany""#), "customer.address.country", "ISO 3166"),
            (checkoutBody().replacingOccurrences(of: #""max@example.com""#, with: #""max""#), "customer.email", "e-mail"),
            (checkoutBody().replacingOccurrences(of: #""https://shop.example/ok""#, with: #""ftp://x""#), "return_urls.success", "http(s)"),
            (checkoutBody().replacingOccurrences(of: #""reference":"order_"#, with: #""ref":"order_"#), "order.reference", "is required"),
        ]
        for (body, field, message) in cases {
            let problem = try await harness.json("POST", "/v1/checkouts", body: body, expect: 422)
            XCTAssertEqual(problem.text("code"), "validation_error", body)
            let errors = problem["errors"]?.arrayValue ?? []
            XCTAssertTrue(errors.contains { $0.text("field") == field && ($0.text("message") ?? "").contains(message) },
                          "\(field) / \(message) not in \(errors)")
        }
    }

    func testConfiguredBodyLimitCapsEveryRoute() async throws {
        await harness.shutdown()
        harness = try ServiceHarness(environment: ["KASSA_HTTP_MAX_BODY_BYTES": "512"])
        let response = try await harness.send("POST", "/v1/checkouts", body: checkoutBody())
        XCTAssertEqual(response.status, 413)
    }

    func testUnknownRouteMethodIs405Problem() async throws {
        let response = try await harness.send("DELETE", "/v1/checkouts")
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.headers["Content-Type"], "application/problem+json")
    }

    func testUnknownCheckoutOrderAndBadEventsQuery() async throws {
        try await harness.json("GET", "/v1/checkouts/chk_nope", expect: 404)
        try await harness.json("GET", "/v1/orders/nope", expect: 404)
        let problem = try await harness.json("GET", "/v1/events?after=-1&limit=5000", expect: 422)
        XCTAssertEqual(problem["errors"]?.arrayValue?.compactMap { $0.text("field") }, ["after", "limit"])
    }

    func testOpenAPIDocumentDescribesEveryRoute() async throws {
        let document = try await harness.json("GET", "/openapi.json", auth: false, expect: 200)
        XCTAssertEqual(document.text("openapi"), "3.1.0")
        let paths = try XCTUnwrap(document["paths"]?.objectValue)
        for route in ServiceRoutes.api {
            let operation = paths[route.pattern]?[route.method.lowercased()]
            XCTAssertNotNil(operation, "\(route.method) \(route.pattern) missing from openapi.json")
        }
    }

    func testMetricsCountRequestsByRouteAndStatus() async throws {
        try await harness.json("GET", "/v1/checkouts/chk_nope", expect: 404)
        let response = try await harness.send("GET", "/metrics", auth: false)
        XCTAssertEqual(response.status, 200)
        let text = response.bodyText
        XCTAssertTrue(text.contains(#"kassa_http_requests_total{method="GET",route="/v1/checkouts/{id}",status="404"} 1"#), text)
        XCTAssertTrue(text.contains("kassa_http_request_duration_seconds_bucket"))
        XCTAssertTrue(text.contains("kassa_outbox_backlog"))
    }
}
