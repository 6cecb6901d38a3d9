import KassaTestSupport
import XCTest
@testable import HTTP

/// Parser cases as data, in the spirit of llhttp's spec tables: raw bytes → expected result.
/// Every case runs twice: all bytes at once, and one byte at a time.
final class RequestParserTests: XCTestCase {
    enum Expected {
        case request(method: String, path: String, query: String? = nil, body: String = "", keepAlive: Bool = true)
        case error(HTTPParseError)
    }

    struct Case {
        let name: String
        let raw: [UInt8]
        let expected: Expected
        init(_ name: String, _ raw: [UInt8], _ expected: Expected) { (self.name, self.raw, self.expected) = (name, raw, expected) }
        init(_ name: String, _ text: String, _ expected: Expected) { self.init(name, text.crlf, expected) }
    }

    static let valid: [Case] = [
        Case("simple GET", "GET /healthz HTTP/1.1\nHost: a\n\n", .request(method: "GET", path: "/healthz")),
        Case("query split off", "GET /v1/events?after=5&limit=2 HTTP/1.1\nHost: a\n\n",
             .request(method: "GET", path: "/v1/events", query: "after=5&limit=2")),
        Case("content-length body", "POST /x HTTP/1.1\nHost: a\nContent-Length: 5\n\nhello", .request(method: "POST", path: "/x", body: "hello")),
        Case("leading zeros in content-length", "POST /x HTTP/1.1\nHost: a\nContent-Length: 005\n\nhello", .request(method: "POST", path: "/x", body: "hello")),
        Case("chunked body", "POST /x HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n5\nhello\n6\n world\n0\n\n",
             .request(method: "POST", path: "/x", body: "hello world")),
        Case("chunked upper-case hex and extensions", "POST /x HTTP/1.1\nHost: a\nTransfer-Encoding: Chunked\n\nA;name=value;x\n0123456789\n0\n\n",
             .request(method: "POST", path: "/x", body: "0123456789")),
        Case("chunked with trailers", "POST /x HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n1\na\n0\nX-Checksum: 1\n\n",
             .request(method: "POST", path: "/x", body: "a")),
        Case("GET body consumed by its framing", "GET /x HTTP/1.1\nHost: a\nContent-Length: 3\n\nabc", .request(method: "GET", path: "/x", body: "abc")),
        Case("empty lines before request-line ignored", "\n\nGET / HTTP/1.1\nHost: a\n\n", .request(method: "GET", path: "/")),
        Case("bare LF line endings accepted", Array("GET / HTTP/1.1\nHost: a\n\n".utf8), .request(method: "GET", path: "/")),
        Case("OWS trimmed around values", "GET / HTTP/1.1\nHost:   a  \nX-A:\tb\t\n\n", .request(method: "GET", path: "/")),
        Case("HTTP/1.0 without Host closes by default", "GET / HTTP/1.0\n\n", .request(method: "GET", path: "/", keepAlive: false)),
        Case("HTTP/1.0 keep-alive", "GET / HTTP/1.0\nConnection: keep-alive\n\n", .request(method: "GET", path: "/", keepAlive: true)),
        Case("HTTP/1.1 Connection: close", "GET / HTTP/1.1\nHost: a\nConnection: Close\n\n", .request(method: "GET", path: "/", keepAlive: false)),
        Case("absolute-form target", "GET http://example.com/a/b?c=d HTTP/1.1\nHost: example.com\n\n",
             .request(method: "GET", path: "/a/b", query: "c=d")),
        Case("absolute-form without path", "GET http://example.com HTTP/1.1\nHost: example.com\n\n", .request(method: "GET", path: "/")),
        Case("asterisk-form for OPTIONS", "OPTIONS * HTTP/1.1\nHost: a\n\n", .request(method: "OPTIONS", path: "*")),
        Case("extension method token", "PURGE /x HTTP/1.1\nHost: a\n\n", .request(method: "PURGE", path: "/x")),
        Case("obs-text in a value is allowed", Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u{e9}\r\n\r\n".utf8), .request(method: "GET", path: "/")),
        Case("Expect 100-continue", "POST /x HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 2\n\nok", .request(method: "POST", path: "/x", body: "ok")),
        // RFC 9110 §2.5: a later minor version is served as the highest one spoken.
        Case("HTTP/1.2 served as 1.1", "GET / HTTP/1.2\nHost: a\n\n", .request(method: "GET", path: "/")),
        Case("HTTP/1.9 served as 1.1", "GET / HTTP/1.9\nHost: a\n\n", .request(method: "GET", path: "/")),
    ]

    static let invalid: [Case] = [
        // Request-line
        Case("HTTP/2.0 is 505", "GET / HTTP/2.0\nHost: a\n\n", .error(.unsupportedVersion)),
        Case("HTTP/0.9 as a version is 505", "GET / HTTP/0.9\nHost: a\n\n", .error(.unsupportedVersion)),
        Case("two-digit minor version", "GET / HTTP/1.10\nHost: a\n\n", .error(.invalidVersion)),
        Case("lower-case version is 400", "GET / http/1.1\nHost: a\n\n", .error(.invalidVersion)),
        Case("HTTP/0.9 request-line", "GET /\n\n", .error(.invalidRequestLine)),
        Case("two spaces after method", "GET  / HTTP/1.1\nHost: a\n\n", .error(.invalidTarget)),
        Case("trailing space after version", "GET / HTTP/1.1 \nHost: a\n\n", .error(.invalidVersion)),
        Case("method with a slash", "GE/T / HTTP/1.1\nHost: a\n\n", .error(.invalidMethod)),
        Case("NUL in target", Array("GET /a\u{0}b HTTP/1.1\r\nHost: a\r\n\r\n".utf8), .error(.invalidTarget)),
        Case("fragment in target", "GET /a#b HTTP/1.1\nHost: a\n\n", .error(.invalidTarget)),
        Case("asterisk-form for GET", "GET * HTTP/1.1\nHost: a\n\n", .error(.invalidTarget)),
        Case("authority-form", "CONNECT example.com:443 HTTP/1.1\nHost: example.com\n\n", .error(.invalidTarget)),
        Case("bare CR in request-line", Array("GET /\r HTTP/1.1\r\nHost: a\r\n\r\n".utf8), .error(.invalidRequestLine)),
        Case("bare CR after the version", Array("GET / HTTP/1.1\rX\nHost: a\r\n\r\n".utf8), .error(.invalidVersion)),
        Case("space before the method", " GET / HTTP/1.1\nHost: a\n\n", .error(.invalidMethod)),
        // Bytes that can never be HTTP: refused at the first one that cannot belong to a request-line.
        Case("TLS ClientHello", RequestLineCases.tlsClientHello, .error(.invalidMethod)),
        Case("TLS record header then CRLF", [0x16, 0x03, 0x01, 0x02, 0x00, 0x0D, 0x0A], .error(.invalidMethod)),
        Case("NUL first", [0x00] + Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8), .error(.invalidMethod)),
        Case("NUL in method", Array("GE\u{0}T / HTTP/1.1\r\nHost: a\r\n\r\n".utf8), .error(.invalidMethod)),
        Case("NUL in version", Array("GET / HTTP/1\u{0}1\r\nHost: a\r\n\r\n".utf8), .error(.invalidVersion)),
        Case("SSH banner", "SSH-2.0-OpenSSH_9.6\n", .error(.invalidRequestLine)),
        Case("raw UTF-8 in the target", Array("GET /caf\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n".utf8), .error(.invalidTarget)),
        // Fields
        Case("whitespace before colon", "GET / HTTP/1.1\nHost : a\n\n", .error(.whitespaceBeforeColon)),
        Case("obs-fold", "GET / HTTP/1.1\nHost: a\nX-A: b\n  c\n\n", .error(.obsoleteLineFolding)),
        Case("NUL in value", Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{0}c\r\n\r\n".utf8), .error(.invalidFieldValue)),
        Case("control character in value", Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{1}c\r\n\r\n".utf8), .error(.invalidFieldValue)),
        Case("DEL in value", Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{7f}\r\n\r\n".utf8), .error(.invalidFieldValue)),
        Case("bare CR in value", Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n".utf8), .error(.bareCarriageReturn)),
        Case("line without colon", "GET / HTTP/1.1\nHost: a\nNoColon\n\n", .error(.invalidFieldName)),
        Case("empty field name", "GET / HTTP/1.1\nHost: a\n: v\n\n", .error(.invalidFieldName)),
        Case("non-token field name", "GET / HTTP/1.1\nHost: a\nX(A): v\n\n", .error(.invalidFieldName)),
        Case("missing Host on 1.1", "GET / HTTP/1.1\nX: a\n\n", .error(.missingHost)),
        Case("two Host fields", "GET / HTTP/1.1\nHost: a\nHost: b\n\n", .error(.duplicateHost)),
        Case("Host with a path", "GET / HTTP/1.1\nHost: a/b\n\n", .error(.invalidHost)),
        Case("Host with userinfo", "GET / HTTP/1.1\nHost: u@a\n\n", .error(.invalidHost)),
        // An http URI never has an empty host (RFC 9110 §4.2.1), nor a Host field (nginx agrees).
        Case("empty Host", "GET / HTTP/1.1\nHost:\n\n", .error(.invalidHost)),
        Case("Host with only a port", "GET / HTTP/1.1\nHost: :8080\n\n", .error(.invalidHost)),
        // Content-Length
        Case("content-length with plus sign", "POST / HTTP/1.1\nHost: a\nContent-Length: +5\n\nhello", .error(.invalidContentLength)),
        Case("negative content-length", "POST / HTTP/1.1\nHost: a\nContent-Length: -1\n\n", .error(.invalidContentLength)),
        Case("content-length list", "POST / HTTP/1.1\nHost: a\nContent-Length: 5, 6\n\nhello", .error(.invalidContentLength)),
        Case("content-length equal list", "POST / HTTP/1.1\nHost: a\nContent-Length: 5, 5\n\nhello", .error(.invalidContentLength)),
        Case("two different content-lengths", "POST / HTTP/1.1\nHost: a\nContent-Length: 5\nContent-Length: 6\n\nhello", .error(.duplicateContentLength)),
        Case("two equal content-lengths", "POST / HTTP/1.1\nHost: a\nContent-Length: 5\nContent-Length: 5\n\nhello", .error(.duplicateContentLength)),
        Case("empty content-length", "POST / HTTP/1.1\nHost: a\nContent-Length:\n\n", .error(.invalidContentLength)),
        Case("hex content-length", "POST / HTTP/1.1\nHost: a\nContent-Length: 0x5\n\nhello", .error(.invalidContentLength)),
        Case("overflowing content-length", "POST / HTTP/1.1\nHost: a\nContent-Length: 99999999999999999999\n\n", .error(.invalidContentLength)),
        // Transfer-Encoding
        Case("TE and CL together", "POST / HTTP/1.1\nHost: a\nContent-Length: 3\nTransfer-Encoding: chunked\n\n0\n\n",
             .error(.contentLengthWithTransferEncoding)),
        Case("CL and TE together", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\nContent-Length: 3\n\n0\n\n",
             .error(.contentLengthWithTransferEncoding)),
        Case("TE on HTTP/1.0", "POST / HTTP/1.0\nTransfer-Encoding: chunked\n\n0\n\n", .error(.transferEncodingOnHTTP10)),
        Case("unknown coding", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: gzip\n\n", .error(.unsupportedTransferCoding)),
        Case("gzip then chunked", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: gzip, chunked\n\n", .error(.unsupportedTransferCoding)),
        Case("chunked not final", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked, identity\n\n", .error(.unsupportedTransferCoding)),
        Case("chunked twice", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\nTransfer-Encoding: chunked\n\n", .error(.invalidTransferEncoding)),
        Case("empty TE", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: \n\n", .error(.invalidTransferEncoding)),
        Case("TE with a parameter", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked;q=1\n\n", .error(.invalidTransferEncoding)),
        // Chunked framing
        Case("chunk size with 0x", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n0x5\nhello\n0\n\n", .error(.invalidChunkSize)),
        Case("chunk size with sign", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n+5\nhello\n0\n\n", .error(.invalidChunkSize)),
        Case("empty chunk size", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n\nhello\n0\n\n", .error(.invalidChunkSize)),
        Case("chunk size overflow", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\nFFFFFFFFFFFFFFFFF\nx\n0\n\n", .error(.invalidChunkSize)),
        Case("chunk line ending in bare LF", Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n".utf8),
             .error(.invalidChunkExtension)),
        Case("bare LF inside chunk extension", Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a\nb\r\nhello\r\n0\r\n\r\n".utf8),
             .error(.invalidChunkExtension)),
        Case("chunk data not followed by CRLF", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n3\nhello\n0\n\n", .error(.missingChunkTerminator)),
        Case("invalid trailer", "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n1\na\n0\nBad Trailer\n\n", .error(.invalidFieldName)),
        // Expect
        Case("unknown expectation", "POST / HTTP/1.1\nHost: a\nExpect: 200-ok\nContent-Length: 1\n\na", .error(.unsupportedExpectation)),
    ]

    func testValidRequestsParseAllAtOnceAndByteByByte() {
        for c in Self.valid {
            for step in [nil, 1] as [Int?] {
                let outcome = runParser(c.raw, step: step)
                guard case let .request(method, path, query, body, keepAlive) = c.expected else { continue }
                let label = "\(c.name) (step \(step.map(String.init) ?? "all"))"
                XCTAssertNil(outcome.error, label)
                XCTAssertTrue(outcome.endedCleanly, label)
                XCTAssertEqual(outcome.heads.first?.method, method, label)
                XCTAssertEqual(outcome.heads.first?.path, path, label)
                XCTAssertEqual(outcome.heads.first?.query, query, label)
                XCTAssertEqual(outcome.heads.first?.wantsKeepAlive, keepAlive, label)
                XCTAssertEqual(outcome.bodies.first.map { String(decoding: $0, as: UTF8.self) }, body, label)
                XCTAssertEqual(outcome.leftover, 0, label)
            }
        }
    }

    func testInvalidRequestsFailWithTheirErrorAllAtOnceAndByteByByte() {
        for c in Self.invalid {
            for step in [nil, 1] as [Int?] {
                guard case let .error(expected) = c.expected else { continue }
                let outcome = runParser(c.raw, step: step)
                XCTAssertEqual(outcome.error, expected, "\(c.name) (step \(step.map(String.init) ?? "all"))")
                XCTAssertFalse(outcome.endedCleanly, c.name)
            }
        }
    }

    func testLaterMinorVersionsAreServedAsHTTP11() {
        for minor in 1...9 {
            let outcome = runParser("GET / HTTP/1.\(minor)\nHost: a\n\n".crlf)
            XCTAssertEqual(outcome.heads.first?.version, .http1_1, "HTTP/1.\(minor)")
            XCTAssertEqual(outcome.heads.first?.wantsKeepAlive, true, "HTTP/1.\(minor)")
        }
        XCTAssertEqual(runParser("GET / HTTP/1.0\n\n".crlf).heads.first?.version, .http1_0)
    }

    /// What can never start a request fails at the very byte that shows it, before any line
    /// end or blank line: the connection is answered 400 on its first read.
    func testTheRequestLineFailsAtItsFirstImpossibleByte() {
        let cases: [(String, [UInt8], failsAt: Int, HTTPParseError)] = [
            ("TLS ClientHello", RequestLineCases.tlsClientHello, 0, .invalidMethod),
            ("NUL", [0x00, 0x41, 0x42], 0, .invalidMethod),
            ("method then NUL", Array("GET\u{0}".utf8) + [0x41], 3, .invalidMethod),
            ("control in target", Array("GET /a\u{1}b".utf8), 6, .invalidTarget),
            ("fragment", Array("GET /a#b".utf8), 6, .invalidTarget),
            ("lower-case version", Array("GET / h".utf8), 6, .invalidVersion),
            ("HTTP/2 major with letters", Array("GET / HTTP/x".utf8), 11, .invalidVersion),
            ("space after version", Array("GET / HTTP/1.1 ".utf8), 14, .invalidVersion),
        ]
        for (name, bytes, failsAt, error) in cases {
            var parser = RequestParser()
            var fed: [UInt8] = []
            var failedAt: Int?
            for (index, byte) in bytes.enumerated() where failedAt == nil {
                fed.append(byte)
                // The parser consumes nothing of an incomplete head: it is given all of it each time.
                let (event, _) = fed.withUnsafeBufferPointer { parser.parse($0) }
                switch event {
                case .needMore: continue
                case .error(let e): XCTAssertEqual(e, error, name); failedAt = index
                default: XCTFail("\(name): \(event)")
                }
            }
            XCTAssertEqual(failedAt, failsAt, name)
        }
    }

    /// Random binary is refused, and at the same byte however it is split.
    func testRandomBinaryIsRefusedTheSameWayHoweverSplit() {
        var generator = SplitMix64(seed: 12)
        for round in 0..<500 {
            let length = Int(generator.next() % 200) + 32
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let whole = runParser(bytes)
            XCTAssertNotNil(whole.error, "round \(round): \(bytes.prefix(16))")
            XCTAssertTrue(whole.heads.isEmpty, "round \(round)")
            for step in [1, 3, 17] {
                XCTAssertEqual(runParser(bytes, step: step).error, whole.error, "round \(round) step \(step)")
            }
        }
    }

    func testErrorStatusesMatchTheirMeaning() {
        XCTAssertEqual(HTTPParseError.unsupportedVersion.status, 505)
        XCTAssertEqual(HTTPParseError.requestLineTooLong.status, 414)
        XCTAssertEqual(HTTPParseError.fieldTooLong.status, 431)
        XCTAssertEqual(HTTPParseError.headTooLarge.status, 431)
        XCTAssertEqual(HTTPParseError.tooManyFields.status, 431)
        XCTAssertEqual(HTTPParseError.unsupportedTransferCoding.status, 501)
        XCTAssertEqual(HTTPParseError.bodyTooLarge.status, 413)
        XCTAssertEqual(HTTPParseError.contentLengthWithTransferEncoding.status, 400)
        XCTAssertEqual(HTTPParseError.unsupportedExpectation.status, 417)
    }

    // MARK: limits

    func testRequestLineOverTheLimitIs414EvenBeforeItEnds() {
        var limits = HTTPLimits()
        limits.maxRequestLineLength = 64
        let long = Array("GET /\(String(repeating: "a", count: 100))".utf8)
        XCTAssertEqual(runParser(long, limits: limits).error, .requestLineTooLong)
        XCTAssertEqual(runParser(long, step: 1, limits: limits).error, .requestLineTooLong)
        XCTAssertEqual(runParser(long + " HTTP/1.1\r\nHost: a\r\n\r\n".utf8, limits: limits).error, .requestLineTooLong)
        // A byte that cannot be HTTP beyond the limit: 414 however split.
        let badLate = long + [0x00] + Array(" HTTP/1.1\r\n\r\n".utf8)
        for step in [nil, 1, 7] as [Int?] { XCTAssertEqual(runParser(badLate, step: step, limits: limits).error, .requestLineTooLong) }
        // Within it: 400 at that byte, however split.
        let badEarly = Array("GET /\u{0}".utf8) + long
        for step in [nil, 1, 7] as [Int?] { XCTAssertEqual(runParser(badEarly, step: step, limits: limits).error, .invalidTarget) }
    }

    func testFieldOverTheLimitIs431() {
        var limits = HTTPLimits()
        limits.maxFieldLength = 64
        let raw = "GET / HTTP/1.1\nHost: a\nX-Big: \(String(repeating: "b", count: 100))\n\n".crlf
        XCTAssertEqual(runParser(raw, limits: limits).error, .fieldTooLong)
        XCTAssertEqual(runParser(Array(raw.prefix(95)), step: 1, limits: limits).error, .fieldTooLong)
    }

    func testHeadOverTheLimitIs431() {
        var limits = HTTPLimits()
        limits.maxHeadLength = 200
        let fields = (0..<20).map { "X-\($0): 0123456789\n" }.joined()
        XCTAssertEqual(runParser("GET / HTTP/1.1\nHost: a\n\(fields)\n".crlf, limits: limits).error, .headTooLarge)
        XCTAssertEqual(runParser("GET / HTTP/1.1\nHost: a\n\(fields)".crlf, step: 7, limits: limits).error, .headTooLarge)
    }

    func testTooManyFieldsIs431() {
        var limits = HTTPLimits()
        limits.maxFieldCount = 5
        let fields = (0..<6).map { "X-\($0): v\n" }.joined()
        XCTAssertEqual(runParser("GET / HTTP/1.1\nHost: a\n\(fields)\n".crlf, limits: limits).error, .tooManyFields)
        let five = (0..<4).map { "X-\($0): v\n" }.joined()
        XCTAssertNil(runParser("GET / HTTP/1.1\nHost: a\n\(five)\n".crlf, limits: limits).error)
    }

    func testChunkedBodyCrossingTheLimitIs413() {
        let raw = "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n5\nhello\n5\nworld\n0\n\n".crlf
        XCTAssertEqual(runParser(raw, bodyLimit: 8).error, .bodyTooLarge)
        XCTAssertEqual(runParser(raw, step: 1, bodyLimit: 8).error, .bodyTooLarge)
        XCTAssertNil(runParser(raw, bodyLimit: 10).error)
    }

    func testChunkExtensionOverTheLimitIsRefused() {
        var limits = HTTPLimits()
        limits.maxChunkLineLength = 32
        let raw = "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n1;\(String(repeating: "e", count: 64))\na\n0\n\n".crlf
        XCTAssertEqual(runParser(raw, limits: limits).error, .chunkLineTooLong)
        XCTAssertEqual(runParser(raw, step: 1, limits: limits).error, .chunkLineTooLong)
    }

    func testTrailersOverTheLimitAre431() {
        var limits = HTTPLimits()
        limits.maxTrailerLength = 32
        let raw = "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n0\nX-T: \(String(repeating: "t", count: 64))\n\n".crlf
        XCTAssertEqual(runParser(raw, limits: limits).error, .trailersTooLarge)
    }

    // MARK: sequences

    func testPipelinedRequestsParseInOrderWithNothingLeftOver() {
        let raw = "GET /a HTTP/1.1\nHost: a\n\nPOST /b HTTP/1.1\nHost: a\nContent-Length: 2\n\nhiGET /c HTTP/1.1\nHost: a\n\n".crlf
        for step in [nil, 1, 5] as [Int?] {
            let outcome = runParser(raw, step: step, stopAfterFirst: false)
            XCTAssertEqual(outcome.heads.map(\.path), ["/a", "/b", "/c"])
            XCTAssertEqual(outcome.bodies.map { String(decoding: $0, as: UTF8.self) }, ["", "hi", ""])
            XCTAssertEqual(outcome.leftover, 0)
        }
    }

    func testNothingAfterAFramingErrorIsParsed() {
        // A smuggling attempt: the second "request" hides in the body of the first.
        let raw = "POST / HTTP/1.1\nHost: a\nContent-Length: 4\nTransfer-Encoding: chunked\n\n0\n\nGET /admin HTTP/1.1\nHost: a\n\n".crlf
        var parser = RequestParser()
        let first = raw.withUnsafeBufferPointer { parser.parse($0) }
        XCTAssertEqual(first.event, .error(.contentLengthWithTransferEncoding))
        let again = raw.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[first.consumed...])) }
        XCTAssertEqual(again.event, .error(.contentLengthWithTransferEncoding))
    }

    func testHeadFieldsKeepOrderAndCaseAndLookupIgnoresCase() {
        let outcome = runParser("GET / HTTP/1.1\nHost: a\nX-One: 1\nx-two: 2\nX-One: 3\n\n".crlf)
        let headers = outcome.heads[0].headers
        XCTAssertEqual(headers.map(\.name), ["Host", "X-One", "x-two", "X-One"])
        XCTAssertEqual(headers["x-one"], "1")
        XCTAssertEqual(headers.values(for: "X-ONE"), ["1", "3"])
    }

    func testExpectContinueIsOnlyReportedWhenABodyFollows() {
        XCTAssertEqual(runParser("POST / HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 1\n\na".crlf).heads[0].expectsContinue, true)
        XCTAssertEqual(runParser("POST / HTTP/1.1\nHost: a\nExpect: 100-continue\n\n".crlf).heads[0].expectsContinue, false)
        XCTAssertEqual(runParser("POST / HTTP/1.0\nExpect: 100-continue\nContent-Length: 1\n\na".crlf).heads[0].expectsContinue, false)
    }
}

/// Request-lines that cannot be HTTP, as a client would send them.
enum RequestLineCases {
    /// The first bytes of a TLS 1.2 ClientHello: record type 0x16, version 3.1, length,
    /// handshake type 1 — what a client speaking HTTPS to a plain port sends.
    static let tlsClientHello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0xF1, 0x01, 0x00, 0x00, 0xED, 0x03, 0x03]
        + [UInt8](repeating: 0x5A, count: 32) + [0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]
}

