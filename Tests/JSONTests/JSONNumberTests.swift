import JSON
import XCTest

final class JSONNumberTests: XCTestCase {
    func testHugeNumbersAreKeptExactly() throws {
        let text = "[123456789012345678901234567890,0.1000000000000000000000000001,-1e400]"
        let value = try JSONValue.parse(text)
        XCTAssertEqual(value[0]?.numberValue?.literal, "123456789012345678901234567890")
        XCTAssertNil(value[0]?.int64Value)
        XCTAssertEqual(value[1]?.numberValue?.literal, "0.1000000000000000000000000001")
        XCTAssertEqual(value[2]?.doubleValue, -.infinity)
        XCTAssertEqual(value.serializedString(), text)
    }

    func testInt64IsExactAndOnlyForIntegerLiterals() throws {
        let value = try JSONValue.parse("[9223372036854775807,-9223372036854775808,9223372036854775808,1.0,1e2,4485,-0]")
        XCTAssertEqual(value[0]?.int64Value, .max)
        XCTAssertEqual(value[1]?.int64Value, .min)
        XCTAssertNil(value[2]?.int64Value)
        XCTAssertNil(value[3]?.int64Value)
        XCTAssertNil(value[4]?.int64Value)
        XCTAssertEqual(value[4]?.doubleValue, 100)
        XCTAssertEqual(value[5]?.int64Value, 4485)
        XCTAssertEqual(value[6]?.int64Value, 0)
    }

    func testLiteralInitializerFollowsTheGrammar() {
        XCTAssertEqual(JSONNumber(literal: "-12.5e+3")?.literal, "-12.5e+3")
        for bad in ["", "-", "01", "1.", ".1", "+1", "1e", "NaN", "1 ", "0x10"] {
            XCTAssertNil(JSONNumber(literal: bad), bad)
        }
    }

    func testNumbersFromSwiftValues() {
        XCTAssertEqual(JSONNumber(4485).literal, "4485")
        XCTAssertEqual(JSONNumber(Int64.min).literal, "-9223372036854775808")
        XCTAssertEqual(JSONNumber(10.99)?.literal, "10.99")
        XCTAssertEqual(JSONNumber(5.0)?.literal, "5")
        XCTAssertNil(JSONNumber(Double.nan))
        XCTAssertNil(JSONNumber(Double.infinity))
        for value in [0.1, 1e-7, 1.5e300, -2.5] {
            XCTAssertNotNil(JSONNumber(literal: JSONNumber(value)!.literal), "\(value)")
            XCTAssertEqual(JSONNumber(value)?.double, value)
        }
    }
}
