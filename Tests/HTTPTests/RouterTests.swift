import XCTest
@testable import HTTP

/// The router's two ways of answering: at once (immediate handlers and its own answers) and as
/// a task (every route).
final class RouterTests: XCTestCase {
    private func request(_ method: String, _ path: String) -> Request {
        Request(head: RequestHead(method: method, target: path, path: path, query: nil, version: .http1_1, headers: [:],
                                  framing: .none, wantsKeepAlive: true, expectsContinue: false), body: [])
    }

    private var router: Router {
        var router = Router()
        router.onImmediate("GET", "/now") { _ in .json(200, #"{"now":true}"#) }
        router.onImmediate("GET", "/items/{id}") { request in .json(200, "{\"id\":\"\(request.parameters["id"] ?? "")\"}") }
        router.on("GET", "/later") { _ in
            await Task.yield()
            return .json(200, #"{"later":true}"#)
        }
        return router
    }

    func testImmediateRoutesAnswerAtOnceAndSuspendingOnesDefer() async {
        let router = router
        XCTAssertEqual(router.respondImmediately(to: request("GET", "/now")).map { String(decoding: $0.body, as: UTF8.self) }, #"{"now":true}"#)
        XCTAssertEqual(router.respondImmediately(to: request("HEAD", "/now"))?.status, 200)
        XCTAssertEqual(router.respondImmediately(to: request("GET", "/items/a%20b")).map { String(decoding: $0.body, as: UTF8.self) },
                       #"{"id":"a b"}"#)
        XCTAssertNil(router.respondImmediately(to: request("GET", "/later")))
        // Through the task path every route answers, immediate ones too.
        let later = await router.respond(to: request("GET", "/later"))
        XCTAssertEqual(String(decoding: later.body, as: UTF8.self), #"{"later":true}"#)
        let now = await router.respond(to: request("GET", "/now"))
        XCTAssertEqual(String(decoding: now.body, as: UTF8.self), #"{"now":true}"#)
    }

    func testTheRoutersOwnAnswersAreImmediate() {
        let router = router
        XCTAssertEqual(router.respondImmediately(to: request("GET", "/missing"))?.status, 404)
        let notAllowed = router.respondImmediately(to: request("POST", "/later"))
        XCTAssertEqual(notAllowed?.status, 405)
        XCTAssertEqual(notAllowed?.headers["Allow"], "GET, HEAD, OPTIONS")
        let unknownMethod = router.respondImmediately(to: request("BREW", "/now"))
        XCTAssertEqual(unknownMethod?.status, 405, "an unknown method on a path that exists")
        XCTAssertEqual(unknownMethod?.headers["Allow"], "GET, HEAD, OPTIONS")
        XCTAssertEqual(router.respondImmediately(to: request("BREW", "/missing"))?.status, 501, "an unknown method elsewhere")
        XCTAssertEqual(router.respondImmediately(to: request("GET", "/items/%zz"))?.status, 400)
        XCTAssertEqual(router.respondImmediately(to: request("GET", "/items/a%00b"))?.status, 400, "an escaped NUL")
        XCTAssertEqual(QueryString.parse("a=1&b=x%00y&c=%20").map(\.name), ["a", "c"], "a pair with an escaped NUL is dropped")
    }

    private final class Label: Sendable {
        let name: String
        init(_ name: String) { self.name = name }
    }

    /// One match serves a middleware (the route's tag) and the dispatch: the tag of the route
    /// for the method, or of the path's route under another method (405), or none (404).
    func testAMatchCarriesTheRoutesTagAndIsAnsweredWithoutMatchingAgain() async {
        var router = Router()
        router.onImmediate("GET", "/items/{id}", tag: Label("item")) { request in .json(200, "{\"id\":\"\(request.parameters["id"] ?? "")\"}") }
        router.on("POST", "/items/{id}", tag: Label("item-post")) { _ in Response(status: 204) }
        router.on("GET", "/untagged") { _ in Response(status: 204) }

        let get = router.match(request("GET", "/items/7"))
        XCTAssertEqual((get.tag as? Label)?.name, "item")
        XCTAssertEqual(router.respondImmediately(to: request("GET", "/items/7"), matched: get).map { String(decoding: $0.body, as: UTF8.self) },
                       #"{"id":"7"}"#)
        let post = router.match(request("POST", "/items/7"))
        XCTAssertEqual((post.tag as? Label)?.name, "item-post")
        XCTAssertNil(router.respondImmediately(to: request("POST", "/items/7"), matched: post))
        let posted = await router.respond(to: request("POST", "/items/7"), matched: post)
        XCTAssertEqual(posted.status, 204)

        let delete = router.match(request("DELETE", "/items/7"))
        XCTAssertEqual((delete.tag as? Label)?.name, "item", "a 405 names the path's first route")
        XCTAssertEqual(router.respondImmediately(to: request("DELETE", "/items/7"), matched: delete)?.status, 405)
        XCTAssertNil(router.match(request("GET", "/untagged")).tag)
        let missing = router.match(request("GET", "/nothing"))
        XCTAssertNil(missing.tag)
        XCTAssertEqual(router.respondImmediately(to: request("GET", "/nothing"), matched: missing)?.status, 404)
    }
}
