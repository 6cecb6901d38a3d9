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

    func testInt64IsExactAndOnlyForIntegers() throws {
        let value = try JSONValue.parse("[9223372036854775807,-9223372036854775808,9223372036854775808,1.0,1e2,4485,-0]")
        XCTAssertEqual(value[0]?.int64Value, .max)
        XCTAssertEqual(value[1]?.int64Value, .min)
        XCTAssertNil(value[2]?.int64Value)
        XCTAssertEqual(value[3]?.int64Value, 1)
        XCTAssertEqual(value[4]?.int64Value, 100)
        XCTAssertEqual(value[5]?.int64Value, 4485)
        XCTAssertEqual(value[6]?.int64Value, 0)
    }

    /// JSON Schema's `integer` (and so the OpenAPI document) is any number with a zero fraction:
    /// `4485.0` is the integer 4485. The value is computed from the digits, so nothing rounds.
    func testInt64OfAFractionOrExponentIsTheExactIntegerItDenotes() {
        let integers: [(String, Int64)] = [
            ("4485.0", 4485), ("4.485e3", 4485), ("4485E+0", 4485), ("448500e-2", 4485), ("-0.0", 0), ("0e999999999", 0),
            ("0.000e-5", 0), ("1.5e1", 15), ("-12.50e1", -125), ("9.223372036854775807e18", .max),
            ("-9223372036854775808.000", .min), ("922337203685477580.7e1", .max), ("1e18", 1_000_000_000_000_000_000),
        ]
        for (literal, expected) in integers {
            XCTAssertEqual(JSONNumber(literal: literal)?.int64, expected, literal)
        }
        for literal in ["44.85", "1e-2", "0.5", "9.223372036854775808e18", "-9223372036854775809.0", "1e19", "1e999999999999",
                        "1.0000000000000000000000001", "123456789012345678901234567890.0"] {
            XCTAssertNil(JSONNumber(literal: literal)?.int64, literal)
        }
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
