import Foundation
import JSON
@testable import KassaService
import Payments
import XCTest

/// The checkout fields the shop sends and gets back (issue 13): tax rates with decimals,
/// bounded metadata, the capture method — parsed without sockets.
final class CheckoutFieldsTests: XCTestCase {
    private func parse(_ body: String) throws -> CheckoutRequest {
        try CheckoutRequest.parse(try JSONValue.parse(body), providers: ["secuconnect"], maxAmount: 10_000_000)
    }

    /// The fields of the 422 `body` would get, or a failure when it is accepted.
    private func refusedFields(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try parse(body)
            XCTFail("accepted: \(body)", file: file, line: line)
            return []
        } catch let problem as APIProblem {
            XCTAssertEqual(problem.status, 422, file: file, line: line)
            return problem.fieldErrors.map(\.field)
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return []
        }
    }

    private func items(taxRate: String) -> String {
        #"[{"reference":"a","name":"A","quantity":1,"unit_amount":4485,"tax_rate":\#(taxRate)}]"#
    }

    func testTaxRatesWithUpToTwoDecimalsAreCarriedExactly() throws {
        let body = checkoutBody(amount: 3000, items: """
            [{"reference":"fr","name":"Livre","quantity":1,"unit_amount":1000,"tax_rate":5.5},
             {"reference":"ch","name":"Uhr","quantity":1,"unit_amount":1000,"tax_rate":8.1},
             {"reference":"de","name":"Stift","quantity":1,"unit_amount":500,"tax_rate":19},
             {"reference":"x","name":"X","quantity":1,"unit_amount":500,"tax_rate":2.75}]
            """)
        let request = try parse(body)
        XCTAssertEqual(request.order.items.map(\.taxRate.hundredths), [550, 810, 1900, 275])
        XCTAssertEqual(request.order.items.map(\.taxRate.description), ["5.5", "8.1", "19", "2.75"])
        // Absent is zero, as before.
        XCTAssertEqual(try parse(checkoutBody(items: #"[{"reference":"a","name":"A","quantity":1,"unit_amount":4485}]"#)).order.items[0].taxRate, .zero)
    }

    func testATaxRateBeyondTwoDecimalsOrOutsidePercentIsRefusedAtItsPath() {
        for rate in ["5.555", "1e1", "-1", "100.01", "101", "\"19\"", "19.0000"] {
            XCTAssertEqual(refusedFields(checkoutBody(items: items(taxRate: rate))), ["order.items[0].tax_rate"], rate)
        }
        XCTAssertEqual(TaxRate(decimal: "100.00")?.hundredths, 10_000)
        XCTAssertEqual(TaxRate(decimal: "8.10")?.description, "8.1")
        XCTAssertEqual(TaxRate(decimal: "0.05")?.description, "0.05")
    }

    func testMetadataIsAFlatBoundedObjectOfPrintableStrings() throws {
        let accepted = try parse(checkoutBody(extra: #","metadata":{"cart_id":"c-42","note":"größe M"}"#))
        XCTAssertEqual(accepted.metadata, ["cart_id": "c-42", "note": "größe M"])

        let tooMany = (0...50).map { #""k\#($0)":"v""# }.joined(separator: ",")
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","metadata":{\#(tooMany)}"#)), ["metadata"])
        let longKey = String(repeating: "k", count: 41)
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","metadata":{"\#(longKey)":"v"}"#)), ["metadata.\(longKey)"])
        let longValue = String(repeating: "v", count: 501)
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","metadata":{"k":"\#(longValue)"}"#)), ["metadata.k"])
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","metadata":{"k":1}"#)), ["metadata.k"])
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","metadata":{"k":{"nested":"x"}}"#)), ["metadata.k"])
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","metadata":{"k":"a\u0000b"}"#)), ["metadata.k"])
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","metadata":["a"]"#)), ["metadata"])
        // The limits themselves pass: 50 keys of 40 characters with 500-character values.
        let full = (0..<50).map { #""\#(String(format: "%040d", $0))":"\#(String(repeating: "v", count: 500))""# }.joined(separator: ",")
        XCTAssertEqual(try parse(checkoutBody(extra: #","metadata":{\#(full)}"#)).metadata.count, 50)
    }

    func testCaptureMethodIsAutomaticOrManual() throws {
        XCTAssertEqual(try parse(checkoutBody(extra: #","capture_method":"manual""#)).captureMethod, .manual)
        XCTAssertEqual(try parse(checkoutBody(extra: #","capture_method":"automatic""#)).captureMethod, .automatic)
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","capture_method":"later""#)), ["capture_method"])
        XCTAssertEqual(refusedFields(checkoutBody(extra: #","capture_method":true"#)), ["capture_method"])
    }

    func testNextActionKeepsAProvidersOwnKindAsItIs() throws {
        let action = NextAction(type: "toy_widget", fields: ["token": "t-1", "amount": 12, "type": "ignored"])
        let stored = ServiceData.nextAction(action)
        XCTAssertEqual(stored.count, 1, "one JSON value")
        let read = try XCTUnwrap(ServiceData.nextAction(in: stored))
        XCTAssertEqual(read.json, ["type": "toy_widget", "token": "t-1", "amount": 12])
        XCTAssertEqual(NextAction.redirect(url: "https://pay.example/1").json, ["type": "redirect", "url": "https://pay.example/1"])
    }
}
