import XCTest
@testable import Outbound

/// Live-socket tests of `OutboundClient` against `LoopbackServer`.
final class OutboundClientTests: LoopbackTestCase {
    func testGetReturnsStatusHeadersAndBody() async throws {
        server.route("/hello", .respond(status: 200, headers: [("X-Answer", "42")], body: Array("hi".utf8)))
        let response = try await client.send(OutboundRequest(method: .get, url: server.baseURL + "/hello?x=1"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["x-answer"], "42")
        XCTAssertEqual(response.bodyText, "hi")
        XCTAssertEqual(server.requests("/hello").first?.query, "x=1")
    }

    func testPostSendsMethodHeadersAndBodyVerbatim() async throws {
        server.route("/echo", .respond(status: 201))
        let body = Array(#"{"amount":4485}"#.utf8)
        let response = try await client.send(OutboundRequest(
            method: .post, url: server.baseURL + "/echo",
            headers: ["Content-Type": "application/json", "X-Trace": "t1"], body: body))
        XCTAssertEqual(response.status, 201)
        let seen = try XCTUnwrap(server.requests("/echo").first)
        XCTAssertEqual(seen.method, "POST")
        XCTAssertEqual(seen.body, body)
        XCTAssertEqual(seen.header("Content-Type"), "application/json")
        XCTAssertEqual(seen.header("X-Trace"), "t1")
        XCTAssertNil(seen.header("Expect"))
    }

    func testErrorStatusesAreResponsesNotErrors() async throws {
        server.route("/missing", .respond(status: 404, body: Array("nope".utf8)))
        server.route("/broken", .respond(status: 503))
        let notFound = try await client.send(OutboundRequest(method: .get, url: server.baseURL + "/missing"))
        let unavailable = try await client.send(OutboundRequest(method: .delete, url: server.baseURL + "/broken"))
        XCTAssertEqual(notFound.status, 404)
        XCTAssertEqual(notFound.bodyText, "nope")
        XCTAssertEqual(unavailable.status, 503)
        XCTAssertEqual(server.requests("/broken").first?.method, "DELETE")
    }
}
