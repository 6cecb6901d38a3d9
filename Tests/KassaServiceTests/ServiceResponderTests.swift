@testable import HTTP
import JSON
@testable import KassaService
import XCTest

/// The middleware's two ways of answering: at once, without a task, for the immediate routes
/// and its own refusals; nil (the task path) for everything that waits. Either way the request
/// id, the metrics and the access log line are the same.
final class ServiceResponderTests: XCTestCase {
    private let metrics = Metrics()
    private let lines = LineBox()

    private func responder(rateLimiter: RateLimiter? = nil) -> ServiceResponder {
        var router = Router()
        router.onImmediate(ServiceRoutes.healthz) { _ in .json(200, #"{"status":"ok"}"#) }
        router.on(ServiceRoutes.readyz) { _ in .json(200, #"{"status":"ready"}"#) }
        router.on(ServiceRoutes.getCheckout) { request in
            request.parameters["id"] == "chk_gone" ? Response(status: 410, headers: ["X-Why": "gone"]) : .json(200, "{}")
        }
        router.onImmediate("GET", "/page") { _ in Response(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array("<p>hi".utf8)) }
        router.on(ServiceRoutes.webhook) { _ in .json(202, "{}") }
        router.onImmediate("GET", "/cached") { _ in Response(status: 200, headers: ["Cache-Control": "max-age=60"]) }
        return ServiceResponder(next: router, apiKeys: [Array("sk_test".utf8)], metrics: metrics,
                                logger: Logger(level: .info, sink: { [lines] in lines.append($0) }),
                                sandboxFaults: nil, maxBodyBytes: 1 << 20, rateLimiter: rateLimiter)
    }

    private func request(_ method: String, _ path: String, headers: HTTPHeaders = [:], from address: IPAddress? = nil) -> Request {
        var request = Request(head: RequestHead(method: method, target: path, path: path, query: nil, version: .http1_1, headers: headers,
                                                framing: .none, wantsKeepAlive: true, expectsContinue: false), body: [])
        request.remoteAddress = address
        return request
    }

    func testImmediateRoutesAndRefusalsAnswerAtOnceWithTheirRequestID() throws {
        let responder = responder()
        let health = try XCTUnwrap(responder.respondImmediately(to: request("GET", "/healthz", headers: ["X-Request-Id": "abc"])))
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.requestID, "abc")
        // No key for a /v1 path no route has: refused here, at once.
        let refused = try XCTUnwrap(responder.respondImmediately(to: request("GET", "/v1/secret-things")))
        XCTAssertEqual(refused.status, 401)
        XCTAssertEqual(refused.headers["WWW-Authenticate"], "Bearer")
        XCTAssertTrue(refused.requestID?.text.hasPrefix("req_") ?? false)
        let missing = try XCTUnwrap(responder.respondImmediately(to: request("GET", "/nowhere")))
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(metrics.render(outboxBacklog: nil).contains(#"route="/healthz",status="200""#), metrics.render(outboxBacklog: nil))
        XCTAssertEqual(lines.all.count, 3)
    }

    func testARouteThatWaitsIsLeftToTheTask() async throws {
        let responder = responder()
        XCTAssertNil(responder.respondImmediately(to: request("GET", "/readyz")))
        // A route that waits is refused by the task path too, not here.
        XCTAssertNil(responder.respondImmediately(to: request("GET", "/v1/checkouts/chk_1")))
        XCTAssertNil(responder.respondImmediately(to: request("GET", "/sandbox/anything")))
        // Nothing is recorded for a nil: the task path records the request once.
        XCTAssertEqual(lines.all.count, 0)
        let refused = await responder.respond(to: request("GET", "/v1/checkouts/chk_1"))
        XCTAssertEqual(refused.status, 401)
        XCTAssertEqual(lines.all.count, 1)
        let ready = await responder.respond(to: request("GET", "/readyz"))
        XCTAssertEqual(ready.status, 200)
        XCTAssertNotNil(ready.requestID)
        XCTAssertEqual(lines.all.count, 2)
    }
}

extension ServiceResponderTests {
    func testMadeUpMethodsShareOneMetricsLabel() throws {
        let responder = responder()
        var generator = SystemRandomNumberGenerator()
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var methods = Set<String>()
        while methods.count < 2_000 {
            methods.insert(String((0..<12).map { _ in letters[Int(generator.next() % 26)] }))
        }
        for method in methods {
            let response = try XCTUnwrap(responder.respondImmediately(to: request(method, "/nowhere")))
            XCTAssertEqual(response.status, 501)
        }
        _ = responder.respondImmediately(to: request("GET", "/healthz"))
        let series = metrics.render(outboxBacklog: nil).split(separator: "\n").filter { $0.hasPrefix("kassa_http_requests_total{") }
        XCTAssertEqual(series.count, 2, "\(series)")
        XCTAssertTrue(series.contains { $0.contains(#"method="other",route="unmatched",status="501"} 2000"#) }, "\(series)")
        XCTAssertTrue(series.contains { $0.contains(#"method="GET",route="/healthz",status="200"} 1"#) }, "\(series)")
    }

    private func assertStatus(_ responder: ServiceResponder, _ request: Request, _ status: Int, line: UInt = #line) async {
        let response = await responder.respond(to: request)
        XCTAssertEqual(response.status, status, line: line)
    }

    /// `type`, `title`, `status`, `detail` and `code`, `type` naming the code.
    private func assertProblemShape(_ response: Response, _ status: Int, code: String? = nil,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(response.status, status, file: file, line: line)
        XCTAssertEqual(response.headers["Content-Type"], "application/problem+json", file: file, line: line)
        let json = try JSONValue.parse(response.body)
        let actualCode = try XCTUnwrap(json["code"]?.stringValue, "\(json)", file: file, line: line)
        if let code { XCTAssertEqual(actualCode, code, file: file, line: line) }
        XCTAssertEqual(json["type"]?.stringValue, "https://kassa.dev/problems/\(actualCode)", file: file, line: line)
        XCTAssertEqual(json["title"]?.stringValue, HTTPStatus.reason(status), file: file, line: line)
        XCTAssertEqual(json["status"], .number(JSONNumber(status)), file: file, line: line)
        XCTAssertNotNil(json["detail"]?.stringValue, file: file, line: line)
    }

    func testEveryErrorIsTheOneProblemShapeWithACode() async throws {
        let responder = responder()
        try assertProblemShape(XCTUnwrap(responder.respondImmediately(to: request("GET", "/nowhere"))), 404, code: "not_found")
        let notAllowed = try XCTUnwrap(responder.respondImmediately(to: request("DELETE", "/healthz")))
        try assertProblemShape(notAllowed, 405, code: "method_not_allowed")
        XCTAssertEqual(notAllowed.headers["Allow"], "GET, HEAD, OPTIONS")
        try assertProblemShape(XCTUnwrap(responder.respondImmediately(to: request("BREW", "/healthz"))), 405, code: "method_not_allowed")
        try assertProblemShape(XCTUnwrap(responder.respondImmediately(to: request("BREW", "/nowhere"))), 501, code: "not_implemented")
        try assertProblemShape(XCTUnwrap(responder.respondImmediately(to: request("GET", "/a%zz"))), 400, code: "bad_request")
        try assertProblemShape(XCTUnwrap(responder.respondImmediately(to: request("GET", "/v1/nothing"))), 401, code: "unauthorized")
        // A route's bare status gets the shape too, and keeps its own fields.
        let gone = await responder.respond(to: request("GET", "/v1/checkouts/chk_gone", headers: ["Authorization": "Bearer sk_test"]))
        try assertProblemShape(gone, 410)
        XCTAssertEqual(gone.headers["X-Why"], "gone")
        // The HTTP layer's own answers (parse errors, overload) are built the same way.
        try assertProblemShape(Response.problem(431, detail: "field_too_long"), 431, code: "request_header_fields_too_large")
    }

    func testSecurityHeadersOnEveryAnswer() async throws {
        let responder = responder()
        for response in [responder.respondImmediately(to: request("GET", "/healthz")),
                         responder.respondImmediately(to: request("GET", "/nowhere")),
                         responder.respondImmediately(to: request("GET", "/v1/nothing")),
                         await responder.respond(to: request("GET", "/readyz"))] {
            let response = try XCTUnwrap(response)
            XCTAssertEqual(response.headers["X-Content-Type-Options"], "nosniff", "\(response.status)")
            XCTAssertEqual(response.headers["Cache-Control"], "no-store", "\(response.status)")
            XCTAssertNil(response.headers["Content-Security-Policy"], "not HTML")
        }
        let page = try XCTUnwrap(responder.respondImmediately(to: request("GET", "/page")))
        XCTAssertEqual(page.headers["Content-Security-Policy"], SecurityHeaders.contentSecurityPolicy)
        XCTAssertTrue(SecurityHeaders.contentSecurityPolicy.contains("frame-ancestors 'none'"))
        XCTAssertTrue(SecurityHeaders.contentSecurityPolicy.hasPrefix("default-src 'none'"))
        XCTAssertEqual(page.headers["X-Content-Type-Options"], "nosniff")
        // A route that chose its own caching keeps it.
        let cached = try XCTUnwrap(responder.respondImmediately(to: request("GET", "/cached")))
        XCTAssertEqual(cached.headers["Cache-Control"], "max-age=60")
        XCTAssertEqual(cached.headers.values(for: "Cache-Control").count, 1)
    }

    func testARateLimitAnswers429WithRetryAfterOnBothPaths() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(rules: .init(perKey: .init(perSecond: 1, burst: 100), perAddress: .init(perSecond: 0.5, burst: 2),
                                               failedAuthentication: .init(perSecond: 1, burst: 100),
                                               webhooksPerAddress: .init(perSecond: 1, burst: 1), maxTrackedAddresses: 16),
                                  keyCount: 1, clock: clock)
        let responder = responder(rateLimiter: limiter)
        let client = IPAddress(ipv4: 0xC000_0201)
        let key: HTTPHeaders = ["Authorization": "Bearer sk_test"]
        XCTAssertEqual(responder.respondImmediately(to: request("GET", "/v1/nothing", headers: key, from: client))?.status, 404)
        await assertStatus(responder, request("GET", "/v1/checkouts/chk_1", headers: key, from: client), 200)
        let limited = await responder.respond(to: request("GET", "/v1/checkouts/chk_1", headers: key, from: client))
        try assertProblemShape(limited, 429, code: "rate_limited")
        XCTAssertEqual(limited.headers["Retry-After"], "2")
        // Where the middleware answers at once (no route, like a 401), so does the limit.
        XCTAssertEqual(responder.respondImmediately(to: request("GET", "/v1/nothing", headers: key, from: client))?.status, 429)
        // Health, metrics and pages are not limited; another client is not affected.
        XCTAssertEqual(responder.respondImmediately(to: request("GET", "/healthz", from: client))?.status, 200)
        await assertStatus(responder, request("GET", "/v1/checkouts/chk_1", headers: key, from: IPAddress(ipv4: 1)), 200)
        clock.advance(by: .seconds(2))
        await assertStatus(responder, request("GET", "/v1/checkouts/chk_1", headers: key, from: client), 200)
        XCTAssertTrue(metrics.render(outboxBacklog: nil).contains(#"kassa_rate_limited_total{limit="address"} 2"#))
        // A webhook path has its own bucket, and needs no key.
        await assertStatus(responder, request("POST", "/v1/webhooks/secuconnect", from: client), 202)
        await assertStatus(responder, request("POST", "/v1/webhooks/secuconnect", from: client), 429)
    }
}

private final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
