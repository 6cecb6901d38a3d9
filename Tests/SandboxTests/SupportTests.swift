import Foundation
import HTTP
import JSON
@testable import Sandbox
import XCTest

/// The simulators' JSON, timestamps and identifiers.
final class SupportTests: XCTestCase {
    /// The pages show each currency with its own exponent (100 JPY was shown as "1.00 JPY").
    func testAmountsUseTheCurrencysOwnExponent() {
        XCTAssertEqual(AmountText.format(4485, currency: "EUR"), "44.85 EUR")
        XCTAssertEqual(AmountText.format(5, currency: "eur"), "0.05 EUR")
        XCTAssertEqual(AmountText.format(100, currency: "JPY"), "100 JPY")
        XCTAssertEqual(AmountText.format(1234, currency: "KWD"), "1.234 KWD")
        XCTAssertEqual(AmountText.format(-1595, currency: "EUR"), "-15.95 EUR")
        XCTAssertEqual(AmountText.decimal(Int.max, exponent: 2), "92233720368547758.07")
        XCTAssertEqual(AmountText.decimal(Int.min, exponent: 2), "-92233720368547758.08")
        XCTAssertEqual(AmountText.decimal(0, exponent: 3), "0.000")
    }

    func testJSONRoundTripsAndKeepsKeyOrder() throws {
        let value: JSONValue = ["z": 1, "a": [true, nil, "x\"y"], "m": ["n": 1.5]]
        let text = String(decoding: Response.json(200, value).body, as: UTF8.self)
        XCTAssertEqual(text, #"{"z":1,"a":[true,null,"x\"y"],"m":{"n":1.5}}"#)
        XCTAssertEqual(try? JSONValue.parse(Array(text.utf8)), value)
        XCTAssertNil(try? JSONValue.parse(Array("{".utf8)))
        XCTAssertEqual((try? JSONValue.parse(Array("4485".utf8)))?.wholeNumber, 4485)
        XCTAssertNil((try? JSONValue.parse(Array("\"4485\"".utf8)))?.wholeNumber)
    }

    func testTimestampsHaveTheSeedsFormat() {
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 1_580_826_840)), "2020-02-04T14:34:00+00:00")
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00+00:00")
        XCTAssertEqual(Timestamp.iso8601(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00+00:00")
    }

    func testIdentifiersHaveTheSeedsPattern() {
        let ids = (0..<50).map { _ in RandomIdentifier.make(prefix: "STX_") }
        XCTAssertTrue(ids.allSatisfy { $0.range(of: "^STX_[A-Z0-9]{30}$", options: .regularExpression) != nil })
        XCTAssertEqual(Set(ids).count, 50)
    }

    func testHTMLIsEscaped() {
        XCTAssertEqual(HostedCheckoutPage.escape(#"<a href="x">&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(HostedCheckoutPage.formatted(4485, currency: "EUR"), "44.85 EUR")
        XCTAssertEqual(HostedCheckoutPage.formatted(5, currency: "EUR"), "0.05 EUR")
    }
}
