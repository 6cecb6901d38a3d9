import Foundation
import XCTest

/// `POST /api/v2/Smart/Transactions` refuses what the seeds' rules do not allow, and stores nothing.
final class SecuconnectValidationTests: SimulatorTestCase {
    func assertRefused(_ body: String, mentioning: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: body, token: token)
        try harness.assertError(reply, status: 400, error: "ProductBadRequestException", file: file, line: line)
        let details = try harness.json(reply)["error_details"] as? String ?? ""
        XCTAssertTrue(details.contains(mentioning), details, file: file, line: line)
        XCTAssertEqual(harness.simulator.transactionCount, 0, file: file, line: line)
    }

    func testBasketTotalMustEqualTheSum() throws {
        // seeds/README.md: seed 002's response says 4985, but the basket with its coupon is 4485.
        try assertRefused(smartTransactionBody(sum: 4985), mentioning: "basket total 4485")
    }

    func testUnknownContractIsRefused() throws {
        try assertRefused(SeedFixtures.createRequest004.replacingOccurrences(of: "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04", with: "GCR_OTHER"),
                          mentioning: "contract")
    }

    func testBasketInfoAndItsSumAreRequired() throws {
        try assertRefused(#"{"intent": "sale"}"#, mentioning: "basket_info")
        try assertRefused(#"{"basket_info": {"sum": "500"}}"#, mentioning: "basket_info.sum")
        try assertRefused(#"{"basket_info": {"sum": 500, "currency": "euro"}}"#, mentioning: "currency")
    }

    func testIntentMustBeSaleOrOrder() throws {
        try assertRefused(#"{"intent": "buy", "basket_info": {"sum": 500}}"#, mentioning: "intent")
    }

    func testProductsNeedPriceQuantityAndAKnownItemType() throws {
        try assertRefused(#"{"basket": {"products": [{"quantity": 1}]}, "basket_info": {"sum": 500}}"#, mentioning: "priceOne")
        try assertRefused(#"{"basket": {"products": [{"priceOne": 500}]}, "basket_info": {"sum": 500}}"#, mentioning: "quantity")
        try assertRefused(#"{"basket": {"products": [{"priceOne": 500, "quantity": 1, "item_type": "gift"}]}, "basket_info": {"sum": 500}}"#,
                          mentioning: "item_type")
        try assertRefused(#"{"basket": {"products": [{"priceOne": 500, "quantity": 1, "tax": "19%"}]}, "basket_info": {"sum": 500}}"#,
                          mentioning: "tax")
    }

    func testReturnURLsMustBeHTTP() throws {
        try assertRefused(#"{"basket_info": {"sum": 500}, "application_context": {"return_urls": {"url_push": "ftp://x"}}}"#,
                          mentioning: "url_push")
    }

    func testPaymentMethodsMustBeKnown() throws {
        try assertRefused(#"{"basket_info": {"sum": 500}, "payment_context": {"payment_methods": ["bitcoin"]}}"#, mentioning: "payment_methods")
    }

    func testABodyThatIsNotAJSONObjectIsRefused() throws {
        try assertRefused("[1]", mentioning: "JSON object")
        try assertRefused("{", mentioning: "JSON object")
    }
}
