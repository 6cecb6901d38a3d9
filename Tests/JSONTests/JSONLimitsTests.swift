import JSON
import XCTest

final class JSONLimitsTests: XCTestCase {
    func testDepthBombIsRefusedWithoutCrashing() {
        let bomb = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try JSONValue.parse(bomb, limits: JSONLimits(maxBytes: 1 << 20))) { error in
            XCTAssertEqual(error as? JSONParseError, .tooDeep)
            XCTAssertEqual((error as? JSONParseError)?.isLimit, true)
        }
        let objectBomb = String(repeating: #"{"a":"#, count: 70) + "1" + String(repeating: "}", count: 70)
        XCTAssertThrowsError(try JSONValue.parse(objectBomb)) { error in
            XCTAssertEqual(error as? JSONParseError, .tooDeep)
        }
    }

    func testDepthAtTheLimitIsAccepted() {
        let limits = JSONLimits(maxDepth: 64)
        let atLimit = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNoThrow(try JSONValue.parse(atLimit, limits: limits))
        let overLimit = "[" + atLimit + "]"
        XCTAssertThrowsError(try JSONValue.parse(overLimit, limits: limits))
    }

    func testDocumentSizeLimit() {
        let text = "[" + String(repeating: "1,", count: 100) + "1]"
        XCTAssertThrowsError(try JSONValue.parse(text, limits: JSONLimits(maxBytes: 100))) { error in
            XCTAssertEqual(error as? JSONParseError, .tooLarge)
        }
        XCTAssertNoThrow(try JSONValue.parse(text, limits: JSONLimits(maxBytes: 300)))
    }

    func testStringLengthLimitCountsDecodedBytes() {
        let limits = JSONLimits(maxStringLength: 10)
        XCTAssertNoThrow(try JSONValue.parse(#"["0123456789"]"#, limits: limits))
        XCTAssertThrowsError(try JSONValue.parse(#"["0123456789a"]"#, limits: limits)) { error in
            XCTAssertEqual(error as? JSONParseError, .stringTooLong)
        }
        XCTAssertThrowsError(try JSONValue.parse(#"["012345678\n9"]"#, limits: limits))
        XCTAssertThrowsError(try JSONValue.parse("[12345678901]", limits: limits)) { error in
            XCTAssertEqual(error as? JSONParseError, .stringTooLong)
        }
    }

    func testElementLimitCountsTheWholeDocument() {
        let limits = JSONLimits(maxElements: 5)
        XCTAssertNoThrow(try JSONValue.parse(#"[1,2,{"a":3,"b":4}]"#, limits: limits))
        XCTAssertThrowsError(try JSONValue.parse(#"[1,2,{"a":3,"b":4,"c":5}]"#, limits: limits)) { error in
            XCTAssertEqual(error as? JSONParseError, .tooManyElements)
        }
    }

    func testOneMebibyteArrayParsesInLinearTime() throws {
        let count = 200_000
        var text = "["
        for index in 0..<count { text += index == 0 ? "12345" : ",12345" }
        text += "]"
        XCTAssertGreaterThan(text.utf8.count, 1 << 20)
        let limits = JSONLimits(maxBytes: 4 << 20, maxElements: 1_000_000)
        let value = try JSONValue.parse(text, limits: limits)
        XCTAssertEqual(value.arrayValue?.count, count)
        XCTAssertEqual(value[count - 1]?.int64Value, 12345)
    }

    func testOneMebibyteStringParses() throws {
        let body = String(repeating: "abcdefgh", count: 1 << 17)
        let limits = JSONLimits(maxBytes: 2 << 20, maxStringLength: 2 << 20)
        XCTAssertEqual(try JSONValue.parse("\"\(body)\"", limits: limits).stringValue?.utf8.count, 1 << 20)
    }
}
