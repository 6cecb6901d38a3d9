@testable import HTTP
@testable import KassaService
import XCTest

/// The middleware's two ways of answering: at once, without a task, for the immediate routes
/// and its own refusals; nil (the task path) for everything that waits. Either way the request
/// id, the metrics and the access log line are the same.
final class ServiceResponderTests: XCTestCase {
    private let metrics = Metrics()
    private let lines = LineBox()

    private func responder() -> ServiceResponder {
        var router = Router()
        router.onImmediate(ServiceRoutes.healthz) { _ in .json(200, #"{"status":"ok"}"#) }
        router.on(ServiceRoutes.readyz) { _ in .json(200, #"{"status":"ready"}"#) }
        router.on(ServiceRoutes.getCheckout) { _ in .json(200, "{}") }
        return ServiceResponder(next: router, apiKeys: [Array("sk_test".utf8)], metrics: metrics,
                                logger: Logger(level: .info, sink: { [lines] in lines.append($0) }),
                                sandboxFaults: nil, maxBodyBytes: 1 << 20)
    }

    private func request(_ method: String, _ path: String, headers: HTTPHeaders = [:]) -> Request {
        Request(head: RequestHead(method: method, target: path, path: path, query: nil, version: .http1_1, headers: headers,
                                  framing: .none, wantsKeepAlive: true, expectsContinue: false), body: [])
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

private final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
