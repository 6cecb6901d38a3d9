import Foundation
import KassaTestSupport
import XCTest

/// Every rule of the initialize body (the 1.1.0 spec's `Application`, PROVIDERS.md C), each
/// answered 400 `invalid_input_data` "Field [Field name] is not a valid [format]" naming its
/// field, and nothing stored.
final class SmartCreditValidationTests: SmartCreditTestCase {
    /// The body with the member at `path` (dotted) removed, or replaced by `value` (JSON text).
    /// Whole amounts, which survive Foundation's round trip through `Double` exactly.
    private func body(_ path: String, _ value: String?, paymentMean: String = "FRF_3X", orderID: String = "ORD229") throws -> String {
        let text = smartCreditApplication(orderID: orderID, paymentMean: paymentMean, amount: "114", cartTotal: "114", unitAmount: "57")
        var root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let keys = path.split(separator: ".").map(String.init)
        let replacement = try value.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        func change(_ object: [String: Any], _ keys: ArraySlice<String>) -> [String: Any] {
            var object = object
            if keys.count == 1 {
                object[keys.first!] = replacement
            } else {
                object[keys.first!] = change(object[keys.first!] as? [String: Any] ?? [:], keys.dropFirst())
            }
            return object
        }
        root = change(root, keys[...])
        return String(decoding: try JSONSerialization.data(withJSONObject: root), as: UTF8.self)
    }

    private func assertRefused(_ body: String, field: String, error: String = "invalid_input_data",
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect", body: body, token: token)
        guard reply.status == 400 else { return XCTFail("\(field): \(reply.status) for \(body)", file: file, line: line) }
        try harness.assertDetail(reply, status: 400, error: error, file: file, line: line)
        let message = try XCTUnwrap((try harness.json(reply)["detail"] as? [[String: Any]])?.first?["message"] as? String)
        if error == "invalid_input_data" {
            XCTAssertTrue(message.hasPrefix("Field \(field) is not a valid "), message, file: file, line: line)
        }
        XCTAssertEqual(harness.simulator.applicationCount, 0, file: file, line: line)
    }

    private func assertRefusedLater(_ body: String, field: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect", body: body, token: token)
        try harness.assertDetail(reply, status: 400, error: "invalid_input_data", message: "Field \(field) is not a valid zip code", file: file, line: line)
    }

    func testRequiredMembersAreNamed() throws {
        for field in ["normalReturnUrl", "paymentMean", "amount", "customerId", "orderId", "customerAddress", "customerContact",
                      "shoppingCartDetail", "customerAddress.city", "customerAddress.street", "customerAddress.zipCode",
                      "customerAddress.country", "customerContact.firstName", "customerContact.lastName", "customerContact.email",
                      "customerContact.mobile", "customerContact.phone", "shoppingCartDetail.mainProduct",
                      "shoppingCartDetail.shoppingCartTotalAmount", "shoppingCartDetail.shoppingCartTotalQuantity",
                      "shoppingCartDetail.SKU", "shoppingCartDetail.shoppingCartItemList",
                      "shoppingCartDetail.shoppingCartItemList.productName", "shoppingCartDetail.shoppingCartItemList.productUnitAmount",
                      "shoppingCartDetail.shoppingCartItemList.productQuantity", "shoppingCartDetail.shoppingCartItemList.productDescription"] {
            try assertRefused(try body(field, nil), field: field)
        }
    }

    /// "billingAddress, deliveryAddress, billingContact and deliveryContact are obligatory for
    /// FranFinance products" — and optional for Hanseatic Bank.
    func testBillingAndDeliveryRequiredForFranFinanceOnly() throws {
        let fields = ["billingAddress", "deliveryAddress", "billingContact", "deliveryContact", "billingAddress.zipCode", "deliveryContact.phone"]
        for field in fields {
            try assertRefused(try body(field, nil), field: field)
        }
        for (index, field) in fields.prefix(4).enumerated() {
            XCTAssertTrue(try harness.initialize(try body(field, nil, paymentMean: "REVOLVINGPOS", orderID: "H\(index)"), token: token).hasPrefix("http"))
        }
        // Sent anyway, they are checked.
        try assertRefusedLater(try body("billingAddress.zipCode", nil, paymentMean: "REVOLVINGPOS", orderID: "H9"), field: "billingAddress.zipCode")
    }

    func testUnknownPaymentMeanIsInvalidPaymentMean() throws {
        let reply = try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect",
                                        body: try body("paymentMean", #""FRF_10X""#), token: token)
        try harness.assertDetail(reply, status: 400, error: "invalid_payment_mean", message: "Payment Mean: 'FRF_10X' not found")
    }

    /// The 1.1.0 spec's phone pattern `^\+(?:[0-9] ?){6,14}[0-9]$`.
    func testPhonePattern() throws {
        for good in ["+484749393", "+33 6 12 34 56 78", "+1234567", "+123456789012345"] {
            XCTAssertTrue(try harness.initialize(smartCreditApplication(orderID: "G\(good.count)\(good.hasPrefix("+33") ? "s" : "")", phone: good),
                                                 token: token).hasPrefix("<!DOCTYPE"), good)
        }
        for bad in ["0612345678", "+123456", "+1234567890123456", "+33  612345678", "+33 612345678 ", "+ 33612345678", "+33-612345678", ""] {
            let reply = try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect",
                                            body: smartCreditApplication(orderID: "B", phone: bad), token: token)
            try harness.assertDetail(reply, status: 400, error: "invalid_input_data")
            XCTAssertTrue(reply.text.contains("customerContact.phone"), bad)
        }
    }

    func testFormats() throws {
        let cases: [(String, String)] = [
            ("normalReturnUrl", #""not a url""#), ("normalReturnUrl", #""https://evil.example.com/return""#),
            ("normalReturnUrl", #""javascript:alert(1)""#),
            ("amount", #""114.90""#),
            ("customerId", #""""#), ("customerId", "12"), ("orderId", #""  ""#), ("orderId", "\"\(String(repeating: "x", count: 256))\""),
            ("customerAddress.country", #""FRA""#), ("customerAddress.country", #""fr""#), ("customerAddress.zipCode", "-1"),
            ("customerAddress.zipCode", #""75 015 PARIS CEDEX""#),
            ("customerContact.email", #""david.example.com""#), ("customerContact.email", #""david@example""#),
            ("customerContact.title", #""Dr.""#), ("customerContact.mobile", #""+33 6 12 34 56 7x""#),
            ("shoppingCartDetail.shoppingCartTotalQuantity", "0"), ("shoppingCartDetail.shoppingCartTotalQuantity", "1.5"),
            ("shoppingCartDetail.shoppingCartItemList", "[]"), ("shoppingCartDetail.shoppingCartItemList", #""TV""#),
            ("shoppingCartDetail.shoppingCartItemList.productUnitAmount", "-1"),
        ]
        for (field, value) in cases {
            try assertRefused(try body(field, value), field: field)
        }
        // Amounts as written, not through Foundation's Double (which would turn 1.149e2 into 114.9).
        for amount in ["0", "0.00", "-5", "114.901", "1.149e2", "100000000000000", "1e400", "1E2"] {
            try assertRefused(smartCreditApplication(amount: amount), field: "amount")
        }
        try assertRefused(smartCreditApplication(unitAmount: "57.455"), field: "shoppingCartDetail.shoppingCartItemList.productUnitAmount")
        try assertRefused(smartCreditApplication(cartTotal: "99999999999999999999"), field: "shoppingCartDetail.shoppingCartTotalAmount")
        try assertRefused("not json", field: "body")
        try assertRefused("[]", field: "body")
    }

    /// Amounts are read as decimals from their text: no float rounding, trailing zeros fine,
    /// an item list as an array of items taken too, `codeSKU` (1.0.0) instead of `SKU`.
    func testAcceptedVariants() throws {
        XCTAssertTrue(try harness.initialize(smartCreditApplication(orderID: "V1", amount: "114.900"), token: token).hasPrefix("<!"))
        XCTAssertTrue(try harness.initialize(smartCreditApplication(orderID: "V2", amount: "114"), token: token).hasPrefix("<!"))
        XCTAssertTrue(try harness.initialize(try body("shoppingCartDetail.shoppingCartItemList",
            #"[{"productName": "A", "productUnitAmount": 1.5, "productQuantity": 1, "productDescription": "a"}, {"productName": "B", "productUnitAmount": 0, "productQuantity": 3, "productDescription": "b"}]"#)
            .replacingOccurrences(of: "ORD229", with: "V3"), token: token).hasPrefix("<!"))
        let bad = try body("shoppingCartDetail.shoppingCartItemList", #"[{"productName": "A", "productUnitAmount": 1.5, "productQuantity": 1, "productDescription": "a"}, {"productName": "B"}]"#)
        try harness.assertDetail(try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect", body: bad, token: token),
                                 status: 400, error: "invalid_input_data",
                                 message: "Field shoppingCartDetail.shoppingCartItemList[1].productUnitAmount is not a valid decimal")
        let codeSKU = try body("shoppingCartDetail.SKU", nil).replacingOccurrences(of: "\"mainProduct\"", with: "\"codeSKU\":\"20\",\"mainProduct\"")
            .replacingOccurrences(of: "ORD229", with: "V4")
        XCTAssertTrue(try harness.initialize(codeSKU, token: token).hasPrefix("<!"))
        XCTAssertTrue(try harness.initialize(try body("customerAddress.zipCode", "2560").replacingOccurrences(of: "ORD229", with: "V5"), token: token).hasPrefix("<!"))
        XCTAssertTrue(try harness.initialize(try body("customerContact.title", nil).replacingOccurrences(of: "ORD229", with: "V6"), token: token).hasPrefix("<!"))
    }
}
