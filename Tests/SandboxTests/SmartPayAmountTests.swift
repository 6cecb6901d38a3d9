import JSON
@testable import Sandbox
import XCTest

/// Decimal amounts to and from minor units, digit by digit.
final class SmartPayAmountTests: XCTestCase {
    private func minor(_ literal: String, _ exponent: Int) throws -> Int64 {
        try SmartPayAmount.minorUnits(of: XCTUnwrap(JSONNumber(literal: literal)), exponent: exponent)
    }

    func testDecimalsBecomeExactMinorUnits() throws {
        let cases: [(String, Int, Int64)] = [
            ("10.99", 2, 1099), ("0.01", 2, 1), ("10", 2, 1000), ("10.0", 2, 1000), ("10.990000", 2, 1099),
            ("1.099e1", 2, 1099), ("1099e-2", 2, 1099), ("1099", 0, 1099), ("1.5e3", 0, 1500), ("0.001", 3, 1),
            ("9999999999999999.99", 2, 999_999_999_999_999_999), ("9999999999999999", 0, 9_999_999_999_999_999),
        ]
        for (literal, exponent, expected) in cases {
            XCTAssertEqual(try minor(literal, exponent), expected, literal)
        }
    }

    func testRefusals() throws {
        let cases: [(String, Int, SmartPayAmount.Refusal)] = [
            ("0", 2, .notPositive), ("0.00", 2, .notPositive), ("-1", 2, .notPositive),
            ("10.999", 2, .tooPrecise(exponent: 2)), ("0.5", 0, .tooPrecise(exponent: 0)), ("1e-3", 2, .tooPrecise(exponent: 2)),
            ("10000000000000000", 2, .tooLarge), ("1e16", 0, .tooLarge), ("1e1000000", 2, .tooLarge),
            ("99999999999999999999999", 3, .tooLarge),
        ]
        for (literal, exponent, refusal) in cases {
            XCTAssertThrowsError(try minor(literal, exponent), literal) { XCTAssertEqual($0 as? SmartPayAmount.Refusal, refusal, literal) }
        }
    }

    func testMinorUnitsAreWrittenWithTheCurrencysDigits() {
        let cases: [(Int64, Int, String)] = [
            (1099, 2, "10.99"), (1, 2, "0.01"), (1000, 2, "10.00"), (5, 3, "0.005"), (1099, 0, "1099"),
            (999_999_999_999_999_999, 2, "9999999999999999.99"),
        ]
        for (minor, exponent, literal) in cases {
            XCTAssertEqual(SmartPayAmount(minorUnits: minor, currency: "X").json(exponent: exponent).numberValue?.literal, literal)
        }
    }

    func testFormatsFollowTheSeed() {
        XCTAssertEqual(SmartPayFormat.timestamp(Date(timeIntervalSince1970: 1_608_040_176.556)), "2020-12-15T13:49:36.556Z")
        XCTAssertEqual(SmartPayFormat.timestamp(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        for _ in 0..<50 {
            let guid = SmartPayFormat.guid()
            XCTAssertNotNil(guid.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression), guid)
        }
        XCTAssertEqual(SmartPayFormat.checkoutToken().count, 64)
        XCTAssertEqual(SmartPayFormat.reconciliationReference().count, 21)
    }
}
