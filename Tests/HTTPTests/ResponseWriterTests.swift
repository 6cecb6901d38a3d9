import XCTest
@testable import HTTP

/// The writer sizes its buffer before writing: the largest head it can produce must fit.
final class ResponseWriterTests: XCTestCase {
    func testTheLongestHeadFitsItsBuffer() {
        // Every variable part at its longest: a 19-digit status, a 6-digit length of a body not
        // sent (HEAD), the HTTP/1.0 keep-alive field.
        let status = 1_000_000_000_000_000_000
        var out: [UInt8] = []
        ResponseWriter.write(Response(status: status, body: [UInt8](repeating: 0x61, count: 100_000)), to: &out,
                             isHead: true, keepAlive: true, version: .http1_0, fixedFields: FixedFields.bytes(serverName: "kassa", date: "Mon, 23 Nov 2026 21:00:00 GMT"))
        XCTAssertEqual(String(decoding: out, as: UTF8.self),
                       "HTTP/1.1 \(status) Unknown\r\nServer: kassa\r\nDate: Mon, 23 Nov 2026 21:00:00 GMT\r\n"
                       + "Content-Length: 100000\r\nConnection: keep-alive\r\n\r\n")
    }

    func testTheRequestIDFieldReplacesAHandlersOwnAndIsCheckedLikeAnyValue() {
        func written(_ response: Response) -> String {
            var out: [UInt8] = []
            ResponseWriter.write(response, to: &out, isHead: false, keepAlive: true, version: .http1_1,
                                 fixedFields: FixedFields.bytes(serverName: "kassa", date: "D"))
            return String(decoding: out, as: UTF8.self)
        }
        let handlers: HTTPHeaders = ["x-request-id": "from-handler", "X-Other": "1"]
        XCTAssertEqual(written(Response(status: 204, headers: handlers, requestID: "req_1")),
                       "HTTP/1.1 204 No Content\r\nServer: kassa\r\nDate: D\r\nX-Other: 1\r\nX-Request-Id: req_1\r\n\r\n")
        XCTAssertEqual(written(Response(status: 204, headers: handlers)),
                       "HTTP/1.1 204 No Content\r\nServer: kassa\r\nDate: D\r\nx-request-id: from-handler\r\nX-Other: 1\r\n\r\n")
        XCTAssertEqual(written(Response(status: 204, requestID: RequestID("a\r\nInjected: 1"))),
                       "HTTP/1.1 204 No Content\r\nServer: kassa\r\nDate: D\r\n\r\n")
        let long = String(repeating: "r", count: 300)
        XCTAssertTrue(written(Response(status: 204, requestID: RequestID(long))).contains("X-Request-Id: \(long)\r\n\r\n"))
    }

    /// A prepared response (its fields' wire form made once) is written byte for byte as the
    /// same response unprepared; a change to its fields drops the preparation.
    func testAPreparedResponseIsWrittenExactlyAsAnUnpreparedOne() {
        func written(_ response: Response) -> [UInt8] {
            var out: [UInt8] = []
            ResponseWriter.write(response, to: &out, isHead: false, keepAlive: true, version: .http1_1,
                                 fixedFields: FixedFields.bytes(serverName: "kassa", date: "D"))
            return out
        }
        let plain = Response(status: 200, headers: ["Content-Type": "application/json", "Date": "mine", "X-Bad": "a\rb",
                                                    "Cache-Control": "no-store"], body: Array("{}".utf8))
        let prepared = plain.prepared()
        XCTAssertNotNil(prepared.headers.wire)
        XCTAssertEqual(written(prepared), written(plain))
        var withID = prepared
        withID.requestID = "req_1"
        var plainWithID = plain
        plainWithID.requestID = "req_1"
        XCTAssertEqual(written(withID), written(plainWithID))
        XCTAssertTrue(String(decoding: written(withID), as: UTF8.self).contains("Cache-Control: no-store\r\nX-Request-Id: req_1\r\n"))

        var changed = prepared
        changed.headers.add(name: "X-More", value: "1")
        XCTAssertNil(changed.headers.wire)
        XCTAssertTrue(String(decoding: written(changed), as: UTF8.self).contains("X-More: 1\r\n"))
        XCTAssertNil(Response(status: 204, headers: ["X-Request-Id": "theirs"]).prepared().headers.wire)
    }

    func testFieldsThatWouldBreakTheFramingAreDropped() {
        var out: [UInt8] = []
        ResponseWriter.write(Response(status: 200, headers: ["X-Ok": "yes", "X-Bad": "a\r\nInjected: 1", "Bad Name": "x",
                                                            "Content-Length": "99"], body: Array("{}".utf8)),
                             to: &out, isHead: false, keepAlive: true, version: .http1_1, fixedFields: FixedFields.bytes(serverName: "kassa", date: "D"))
        XCTAssertEqual(String(decoding: out, as: UTF8.self),
                       "HTTP/1.1 200 OK\r\nServer: kassa\r\nDate: D\r\nX-Ok: yes\r\nContent-Length: 2\r\n\r\n{}")
    }
}
