import Foundation
import JSON
@testable import HTTP
@testable import KassaService
import Payments
import Store
import XCTest

/// The service's pure parts, without sockets: request parsing, paths, route matching,
/// metrics text and request ids (the reconciler: ReconcilerTests).
final class InProcessTests: XCTestCase {
    private func parse(_ body: String) throws -> CheckoutRequest {
        try CheckoutRequest.parse(try JSONValue.parse(body), providers: ["secuconnect"], maxAmount: 10_000_000)
    }

    func testAValidBodyBecomesTheProviderRequest() throws {
        let request = try parse(checkoutBody(reference: "order_7", extra: #","method":"paypal","metadata":{"a":"1"}"#))
        XCTAssertEqual(request.provider, .secuconnect)
        XCTAssertEqual(request.method, "paypal")
        XCTAssertEqual(request.order.reference, "order_7")
        XCTAssertEqual(request.order.amount, Money(minorUnits: 4485, currency: .eur))
        XCTAssertEqual(request.order.items.map(\.kind), [.article, .shipping])
        XCTAssertEqual(request.order.items.map(\.total), [3990, 495])
        XCTAssertEqual(request.customer?.address?.country, "DE")
        XCTAssertEqual(request.returnURLs.cancel, "https://shop.example/cancel")
        XCTAssertEqual(request.locale, "de-DE")
        XCTAssertEqual(request.metadata, ["a": "1"])
        XCTAssertNil(request.captureMethod)
    }

    func testCouponsReduceTheBasketTotal() throws {
        let items = #"[{"reference":"a","name":"A","quantity":1,"unit_amount":4985},{"reference":"c","name":"C","quantity":1,"unit_amount":500,"type":"coupon"}]"#
        XCTAssertNoThrow(try parse(checkoutBody(amount: 4485, items: items)))
        XCTAssertThrowsError(try parse(checkoutBody(amount: 5485, items: items)))
    }

    func testAMissingSectionIsOneErrorNotOnePerMember() throws {
        do {
            _ = try parse(#"{"provider":"secuconnect"}"#)
            XCTFail("accepted")
        } catch let problem as APIProblem {
            XCTAssertEqual(problem.fieldErrors.map(\.field), ["order", "return_urls"])
            XCTAssertEqual(problem.status, 422)
        }
    }

    func testLowerCaseOrUnknownCurrencyIsRefused() throws {
        for code in ["eur", "EURO", "XXX"] {
            let body = checkoutBody(items: "[]").replacingOccurrences(of: #""currency":"EUR""#, with: #""currency":"\#(code)""#)
            XCTAssertThrowsError(try parse(body), code)
        }
        let yen = checkoutBody(items: "[]").replacingOccurrences(of: #""currency":"EUR""#, with: #""currency":"JPY""#)
        XCTAssertEqual(try parse(yen).order.amount.currency, .jpy)
    }

    func testProviderFieldNamesBecomeJSONPaths() {
        XCTAssertEqual(PaymentAPI.fieldPath("order.items[2].quantity").description, "order.items[2].quantity")
        XCTAssertEqual(PaymentAPI.fieldPath("customer.email").components, [.key("customer"), .key("email")])
        XCTAssertEqual(PaymentAPI.fieldPath("method").description, "method")
    }

    /// The middleware's route (its label and key check) is the router's match: patterns, not
    /// ids; HEAD as GET; a path under another method (405) still names its route.
    func testRoutesMatchPatternsNotIDs() {
        var router = Router()
        for route in ServiceRoutes.api { router.on(route) { _ in Response(status: 204) } }
        func route(_ method: String, _ path: String) -> ServiceRoute? {
            let head = RequestHead(method: method, target: path, path: path, query: nil, version: .http1_1, headers: [:],
                                   framing: .none, wantsKeepAlive: true, expectsContinue: false)
            return ServiceResponder.route(of: router.match(Request(head: head, body: [])))
        }
        XCTAssertEqual(route("GET", "/v1/checkouts/chk_1")?.pattern, "/v1/checkouts/{id}")
        XCTAssertEqual(route("POST", "/v1/checkouts/chk_1/refunds")?.pattern, "/v1/checkouts/{id}/refunds")
        XCTAssertEqual(route("HEAD", "/healthz")?.pattern, "/healthz")
        XCTAssertEqual(route("DELETE", "/v1/checkouts/chk_1")?.pattern, "/v1/checkouts/{id}")
        XCTAssertNil(route("GET", "/v1/checkouts/"))
        XCTAssertFalse(route("POST", "/v1/webhooks/secuconnect")!.isAuthenticated)
        XCTAssertTrue(route("GET", "/v1/events")!.isAuthenticated)
    }

    func testRequestIDsAreEchoedOnlyWhenSane() {
        XCTAssertEqual(ServiceResponder.requestID(from: "abc-123"), "abc-123")
        XCTAssertTrue(ServiceResponder.requestID(from: "has space").text.hasPrefix("req_"))
        XCTAssertTrue(ServiceResponder.requestID(from: String(repeating: "x", count: 129)).text.hasPrefix("req_"))
        XCTAssertNotEqual(ServiceResponder.requestID(from: nil), ServiceResponder.requestID(from: nil))
    }

    func testMetricsTextHasCumulativeBucketsAndEscapedLabels() {
        let metrics = Metrics()
        metrics.recordRequest(route: "/v1/events", method: "GET", status: 200, seconds: 0.002)
        metrics.recordRequest(route: "/v1/events", method: "GET", status: 200, seconds: 0.2)
        // Another status and method of the same route: its own counter, the route's one histogram.
        metrics.recordRequest(route: "/v1/events", method: "HEAD", status: 401, seconds: 20)
        metrics.recordProviderCall(provider: "secu\"connect", operation: "create", outcome: "ok", seconds: 0.01)
        let text = metrics.render(outboxBacklog: 3)
        XCTAssertTrue(text.contains(#"kassa_http_requests_total{method="GET",route="/v1/events",status="200"} 2"#))
        XCTAssertTrue(text.contains(#"kassa_http_request_duration_seconds_bucket{route="/v1/events",le="0.0025"} 1"#))
        XCTAssertTrue(text.contains(#"kassa_http_request_duration_seconds_bucket{route="/v1/events",le="0.25"} 2"#))
        XCTAssertTrue(text.contains(#"kassa_http_requests_total{method="HEAD",route="/v1/events",status="401"} 1"#))
        XCTAssertTrue(text.contains(#"kassa_http_request_duration_seconds_bucket{route="/v1/events",le="30.0"} 3"#))
        XCTAssertTrue(text.contains(#"kassa_http_request_duration_seconds_bucket{route="/v1/events",le="+Inf"} 3"#))
        XCTAssertTrue(text.contains(#"kassa_http_request_duration_seconds_count{route="/v1/events"} 3"#))
        XCTAssertTrue(text.contains(#"provider="secu\"connect""#))
        XCTAssertTrue(text.contains("kassa_outbox_backlog 3"))
    }

    /// Request counts are kept per processor and remember their last key: from threads on
    /// every core, with keys alternating, every request is counted once under its own key.
    func testRequestCountsFromEveryCoreAddUp() {
        let metrics = Metrics()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<2_000 {
                let status = (i + worker) % 3 == 0 ? 404 : 200
                metrics.recordRequest(route: i % 2 == 0 ? "/healthz" : "/readyz", method: "GET", status: status, seconds: 0.001)
            }
        }
        let text = metrics.render(outboxBacklog: nil)
        func count(_ route: String, _ status: Int) -> Int {
            let prefix = "kassa_http_requests_total{method=\"GET\",route=\"\(route)\",status=\"\(status)\"} "
            return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
        }
        XCTAssertEqual(count("/healthz", 200) + count("/healthz", 404), 8_000)
        XCTAssertEqual(count("/readyz", 200) + count("/readyz", 404), 8_000)
        XCTAssertEqual(count("/healthz", 404) + count("/readyz", 404), (0..<8).map { w in (0..<2_000).filter { ($0 + w) % 3 == 0 }.count }.reduce(0, +))
        XCTAssertTrue(text.contains(#"kassa_http_request_duration_seconds_count{route="/healthz"} 8000"#))
    }

    func testTimestampsAreRFC3339UTCWithMilliseconds() {
        XCTAssertEqual(Timestamp.rfc3339(Date(timeIntervalSince1970: 1_795_464_808.125)), "2026-11-23T20:13:28.125Z")
    }
}
