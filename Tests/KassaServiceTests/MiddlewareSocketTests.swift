import Foundation
import HTTP
import JSON
@testable import KassaService
import KassaTestSupport
import Outbound
import XCTest

/// The middleware over real sockets, on a whole service: rate limits keyed by the client's
/// address as the socket reports it (time from a manual clock), security headers on the
/// hosted page whose form must still work, and the one problem shape from every layer.
final class MiddlewareSocketTests: XCTestCase {
    private var harness: ServiceHarness!
    private let clock = ManualClock()

    private func start(_ environment: [String: String] = [:]) throws {
        var options = KassaService.Options()
        options.rateLimitClock = clock
        harness = try ServiceHarness(environment: environment, options: options)
    }

    override func tearDown() async throws {
        await harness?.shutdown()
    }

    private func assertProblem(_ response: OutboundResponse, _ status: Int, code: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(response.status, status, response.bodyText, file: file, line: line)
        XCTAssertEqual(response.headers["Content-Type"], "application/problem+json", file: file, line: line)
        XCTAssertEqual(response.headers["X-Content-Type-Options"], "nosniff", file: file, line: line)
        let json = try JSONValue.parse(response.body)
        XCTAssertEqual(json["code"]?.stringValue, code, file: file, line: line)
        XCTAssertEqual(json["type"]?.stringValue, "https://kassa.dev/problems/\(code)", file: file, line: line)
    }

    func testTheAPIIsLimitedPerClientAddressWith429AndRetryAfter() async throws {
        try start(["KASSA_RATE_LIMIT_PER_IP_BURST": "3", "KASSA_RATE_LIMIT_PER_IP_PER_SECOND": "1"])
        for _ in 0..<3 { try await harness.json("GET", "/v1/orders/order_none", expect: 404) }
        let limited = try await harness.send("GET", "/v1/orders/order_none")
        try assertProblem(limited, 429, code: "rate_limited")
        XCTAssertEqual(limited.headers["Retry-After"], "1")
        XCTAssertNotNil(limited.headers["X-Request-Id"])
        // Health is never limited.
        let health = try await harness.send("GET", "/healthz", auth: false)
        XCTAssertEqual(health.status, 200)
        clock.advance(by: .seconds(1))
        try await harness.json("GET", "/v1/orders/order_none", expect: 404)
        let metrics = try await harness.send("GET", "/metrics", auth: false).bodyText
        XCTAssertTrue(metrics.contains(#"kassa_rate_limited_total{limit="address"} 1"#), metrics)
    }

    func testFailedAuthenticationsBlockTheAddressUntilTheBucketRefills() async throws {
        try start(["KASSA_RATE_LIMIT_FAILED_AUTH_BURST": "2", "KASSA_RATE_LIMIT_FAILED_AUTH_PER_MINUTE": "10"])
        let wrong = [("Authorization", "Bearer sk_wrong")]
        for _ in 0..<2 { try assertProblem(try await harness.send("GET", "/v1/events", headers: wrong, auth: false), 401, code: "unauthorized") }
        let blocked = try await harness.send("GET", "/v1/events", headers: wrong, auth: false)
        try assertProblem(blocked, 429, code: "rate_limited")
        XCTAssertEqual(blocked.headers["Retry-After"], "6")
        // The right key from the blocked address is refused too: guessing learns nothing.
        try assertProblem(try await harness.send("GET", "/v1/events"), 429, code: "rate_limited")
        clock.advance(by: .seconds(6))
        try await harness.json("GET", "/v1/events", expect: 200)
    }

    func testWebhooksAreLimitedPerAddressApartFromTheAPI() async throws {
        try start(["KASSA_RATE_LIMIT_WEBHOOK_PER_IP_BURST": "2"])
        for _ in 0..<2 {
            let accepted = try await harness.send("POST", "/v1/webhooks/secuconnect", body: #"{"object":"general.smart_transactions"}"#, auth: false)
            XCTAssertNotEqual(accepted.status, 429)
        }
        let flooded = try await harness.send("POST", "/v1/webhooks/secuconnect", body: "{}", auth: false)
        try assertProblem(flooded, 429, code: "rate_limited")
        XCTAssertEqual(flooded.headers["Retry-After"], "1")
        // The shop's API calls from the same address are not affected.
        try await harness.json("GET", "/v1/events", expect: 200)
    }

    func testTheHostedPageIsFramelessAndItsFormStillRedirects() async throws {
        try start()
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let read = try await harness.send("GET", "/v1/checkouts/\(created.text("id") ?? "")")
        XCTAssertEqual(read.headers["Cache-Control"], "no-store")
        let link = try XCTUnwrap(created.text("next_action.url"))
        let page = try await harness.send("GET", link, auth: false)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.headers["Content-Type"]?.hasPrefix("text/html") ?? false)
        XCTAssertEqual(page.headers["Content-Security-Policy"], SecurityHeaders.contentSecurityPolicy)
        XCTAssertEqual(page.headers["X-Content-Type-Options"], "nosniff")
        // The page's form posts to its own origin (form-action 'self'), and is answered with
        // the redirect to Kassa's return URL, which then sends the buyer on to the shop.
        let stx = try XCTUnwrap(created.text("provider_reference"))
        let action = "/sandbox/secuconnect/pay/\(stx)/approve"
        XCTAssertTrue(page.bodyText.contains("action=\"\(action)\""), page.bodyText)
        let form = try await harness.client.send(OutboundRequest(method: .post, url: harness.base + action,
                                                                 headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                                 body: Array("choice=approve".utf8)))
        XCTAssertEqual(form.status, 303, form.bodyText)
        let back = try await harness.send("GET", try XCTUnwrap(form.headers["Location"]), auth: false)
        XCTAssertEqual(back.status, 303, back.bodyText)
        XCTAssertTrue(back.headers["Location"]?.hasPrefix("https://shop.example/ok") ?? false)
    }

    func testTheServersOwnAnswersHaveTheProblemShapeToo() async throws {
        try start()
        // The router: an unknown method on a path that exists (405), and on one that does not (501).
        try assertProblem(try await harness.send("BREW", "/healthz", auth: false), 405, code: "method_not_allowed")
        try assertProblem(try await harness.send("BREW", "/nowhere", auth: false), 501, code: "not_implemented")
        // The HTTP layer, before any route: a request line that is not HTTP.
        let reply = try RawClient.exchange(port: harness.service.port, "GET / HTTP/1.1\r\nHost: a\r\nBad Field: x\r\n\r\n")
        XCTAssertEqual(reply.status, 400)
        XCTAssertEqual(reply.header("Content-Type"), "application/problem+json")
        XCTAssertEqual(reply.header("X-Content-Type-Options"), "nosniff")
        let json = try JSONValue.parse(reply.body)
        XCTAssertEqual(json["code"]?.stringValue, "bad_request")
        XCTAssertEqual(json["type"]?.stringValue, "https://kassa.dev/problems/bad_request")
        XCTAssertNotNil(json["detail"]?.stringValue)
    }

    func testTwoThousandMadeUpMethodsOverOneConnectionAddOneSeries() async throws {
        try start()
        let client = try RawClient(port: harness.service.port)
        var generator = SystemRandomNumberGenerator()
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&'*+-.^_`|~0123456789")
        var methods = Set<String>()
        while methods.count < 2_000 { methods.insert(String((0..<10).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })) }
        for method in methods {
            client.send("\(method) /anything HTTP/1.1\r\nHost: kassa\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 501, method)
        }
        let metrics = try await harness.send("GET", "/metrics", auth: false).bodyText
        let series = metrics.split(separator: "\n").filter { $0.hasPrefix("kassa_http_requests_total{") }
        XCTAssertLessThanOrEqual(series.count, 3, "\(series)")
        XCTAssertTrue(series.contains { $0.hasSuffix(#"{method="other",route="unmatched",status="501"} 2000"#) }, "\(series)")
        XCTAssertFalse(metrics.contains(methods.first!))
    }
}
