import Foundation
import Payments
import XCTest

final class MoneyTests: XCTestCase {
    func testDecimalStringUsesTheCurrencyExponent() {
        let cases: [(Int64, Currency, String)] = [
            (1099, .eur, "10.99"), (5, .eur, "0.05"), (0, .eur, "0.00"), (100, .eur, "1.00"),
            (-150, .eur, "-1.50"), (1000, .jpy, "1000"), (-7, .jpy, "-7"), (1234, .kwd, "1.234"),
            (1, .kwd, "0.001"), (Int64.max, .eur, "92233720368547758.07"), (Int64.min, .eur, "-92233720368547758.08"),
        ]
        for (minor, currency, expected) in cases {
            XCTAssertEqual(Money(minorUnits: minor, currency: currency).decimalString, expected, "\(minor) \(currency)")
        }
    }

    func testParsingAcceptsExactDecimals() {
        let cases: [(String, Currency, Int64)] = [
            ("10.99", .eur, 1099), ("10.9", .eur, 1090), ("10", .eur, 1000), ("0.05", .eur, 5),
            ("10.990", .eur, 1099), ("-1.50", .eur, -150), ("007.10", .eur, 710), ("1000", .jpy, 1000),
            ("1000.00", .jpy, 1000), ("1.234", .kwd, 1234), ("92233720368547758.07", .eur, Int64.max), ("-92233720368547758.08", .eur, Int64.min),
        ]
        for (text, currency, expected) in cases {
            XCTAssertEqual(Money(decimal: text, currency: currency)?.minorUnits, expected, text)
        }
    }

    func testParsingRefusesWhatIsNotAWholeNumberOfMinorUnits() {
        let cases: [(String, Currency)] = [
            ("10.995", .eur), ("0.001", .eur), ("1000.5", .jpy), ("1.2345", .kwd),
        ]
        for (text, currency) in cases {
            XCTAssertNil(Money(decimal: text, currency: currency), text)
        }
    }

    func testParsingRefusesMalformedAndOverflowingText() {
        for text in ["", "-", ".", "1.", ".5", "+1", "1e3", " 1", "1 ", "1,00", "1.0.0", "--1", "0x10", "١٢",
                     "92233720368547758.08", "-92233720368547758.09", "99999999999999999999"] {
            XCTAssertNil(Money(decimal: text, currency: .eur), "'\(text)'")
        }
    }

    func testDecimalRoundTripIsExactForEveryCentUpToTenThousand() {
        for minor in Int64(-2_000)...10_000 {
            let money = Money(minorUnits: minor, currency: .eur)
            XCTAssertEqual(Money(decimal: money.decimalString, currency: .eur), money)
        }
    }

    func testFoundationDecimalConversionIsExact() throws {
        // 0.1 + 0.2 is the classic binary floating-point trap; Decimal parsed from text has none.
        let decimal = try XCTUnwrap(Decimal(string: "0.1")) + XCTUnwrap(Decimal(string: "0.2"))
        XCTAssertEqual(Money(exactly: decimal, currency: .eur)?.minorUnits, 30)
        XCTAssertEqual(Money(exactly: try XCTUnwrap(Decimal(string: "44.85")), currency: .eur)?.minorUnits, 4485)
        XCTAssertNil(Money(exactly: try XCTUnwrap(Decimal(string: "44.855")), currency: .eur))
        XCTAssertEqual(Money(minorUnits: 4485, currency: .eur).decimalValue, Decimal(string: "44.85"))
        XCTAssertEqual(Money(minorUnits: -3, currency: .kwd).decimalValue, Decimal(string: "-0.003"))
    }

    func testCurrencyTableKnowsExponentsAndRefusesUnknownCodes() {
        XCTAssertEqual(Currency(code: "eur")?.code, "EUR")
        XCTAssertEqual(Currency(code: "EUR")?.exponent, 2)
        XCTAssertEqual(Currency(code: "JPY")?.exponent, 0)
        XCTAssertEqual(Currency(code: "BHD")?.exponent, 3)
        XCTAssertNil(Currency(code: "XYZ"))
        XCTAssertNil(Currency(code: "EURO"))
    }

    func testMoneyOfDifferentCurrenciesIsNotEqual() {
        XCTAssertNotEqual(Money(minorUnits: 100, currency: .eur), Money(minorUnits: 100, currency: .usd))
        XCTAssertEqual(Money(minorUnits: 100, currency: .eur).description, "1.00 EUR")
    }
}
