import Foundation
import JSON
@testable import KassaService
import XCTest

/// Every rule SmartCredit's `Application` sets (PROVIDERS.md C, spec 1.1.0), each refused with a
/// 422 naming its field before anything is stored or sent.
final class SmartCreditValidationTests: XCTestCase {
    var harness: ServiceHarness!

    override func setUp() async throws { harness = try ServiceHarness() }
    override func tearDown() async throws { await harness?.shutdown() }

    private let french = #""email":"marie@example.fr","first_name":"Marie","last_name":"Dupont","phone":"+33 6 12 34 56 78","civility":"Ms""#
    private let paris = #""street":"rue de la Paix","street_number":"12","postal_code":"75002","city":"Paris","country":"FR""#

    /// Posts `body` and asserts a 422 naming exactly `expected` (in any order), with nothing stored.
    private func expect(_ body: String, _ expected: Set<String>, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) async throws {
        let problem = try await harness.json("POST", "/v1/checkouts", body: body, expect: 422, file: file, line: line)
        XCTAssertEqual(problem.text("code"), "validation_error", file: file, line: line)
        XCTAssertNil(problem.text("checkout_id"), "nothing stored", file: file, line: line)
        let fields = (problem["errors"]?.arrayValue ?? []).compactMap { $0.text("field") }
        XCTAssertEqual(Set(fields), expected, "\(message) \(problem)", file: file, line: line)
        XCTAssertEqual(fields.count, expected.count, "\(message) \(problem)", file: file, line: line)
    }

    func testThePaymentMeanIsRequiredAndMustBeKnown() async throws {
        let missing = smartCreditBody(method: "FRF_3X").replacingOccurrences(of: #""method":"FRF_3X","#, with: "")
        try await expect(missing, ["method"])
        try await expect(smartCreditBody(method: "FRF_12X"), ["method"])
    }

    func testOnlyEuros() async throws {
        try await expect(smartCreditBody(method: "FRF_3X", currency: "USD"), ["order.currency"])
    }

    func testTheBuyerIsRequired() async throws {
        let body = smartCreditBody(method: "FRF_3X").replacingOccurrences(of: #""customer":"#, with: #""customer_absent":"#)
        // Unknown members are ignored by the API; the missing buyer is SmartCredit's rule.
        try await expect(body, ["customer"])
    }

    func testEachContactFieldIsRequired() async throws {
        try await expect(smartCreditBody(method: "FRF_3X", customer: #"{"address":{\#(paris)}}"#), ["customer.phone", "customer.civility", "customer.first_name", "customer.last_name", "customer.email"])
    }

    func testThePhoneFollowsTheSpecPattern() async throws {
        for phone in ["0612345678", "+33 6  12", "+33-6-12-34-56-78", "+1234 ", "+12345", "+1234567890123456"] {
            let customer = #"{"email":"m@example.fr","first_name":"M","last_name":"D","phone":"\#(phone)","civility":"Ms","address":{\#(paris)}}"#
            try await expect(smartCreditBody(method: "FRF_3X", customer: customer), ["customer.phone"], phone)
        }
    }

    func testTheAddressAndEachOfItsFieldsAreRequired() async throws {
        try await expect(smartCreditBody(method: "FRF_3X", customer: "{\(french)}"), ["customer.address"])
        try await expect(smartCreditBody(method: "FRF_3X", customer: #"{\#(french),"address":{"street_number":"3"}}"#), ["customer.address.street", "customer.address.country", "customer.address.postal_code", "customer.address.city"])
    }

    func testTheCountryMatchesThePaymentMean() async throws {
        let inBerlin = #"{\#(french),"address":{"street":"Hauptstr.","postal_code":"10115","city":"Berlin","country":"DE"}}"#
        try await expect(smartCreditBody(method: "FRF_4X", customer: inBerlin), ["customer.address.country"])
        let inParis = #"{\#(french),"address":{\#(paris)}}"#
        try await expect(smartCreditBody(method: "REVOLVINGPOS", customer: inParis), ["customer.address.country"])
    }

    func testAFranFinanceDeliveryAddressIsComplete() async throws {
        let customer = #"{\#(french),"address":{\#(paris)},"shipping_address":{"street":"rue Neuve","postal_code":"69001","country":"FR"}}"#
        try await expect(smartCreditBody(method: "FRF_3X_F", customer: customer), ["customer.shipping_address.city"])
    }

    func testTheShoppingCartIsRequiredWithAnArticleAndNoDiscountLine() async throws {
        let noItems = smartCreditBody(method: "FRF_3X").replacingOccurrences(of: #","items":"#, with: #","items_absent":"#)
        try await expect(noItems, ["order.items"])
        let coupon = #"[{"reference":"tv","name":"TV","quantity":1,"unit_amount":50900},{"reference":"c","name":"Coupon","quantity":1,"unit_amount":500,"type":"coupon"}]"#
        try await expect(smartCreditBody(method: "FRF_3X", items: coupon), ["order.items[1].type"])
        let shippingOnly = #"[{"reference":"ship","name":"Delivery","quantity":1,"unit_amount":50400,"type":"shipping"}]"#
        try await expect(smartCreditBody(method: "FRF_3X", items: shippingOnly), ["order.items"])
    }
}
