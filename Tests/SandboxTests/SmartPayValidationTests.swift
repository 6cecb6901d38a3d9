import Foundation
import KassaTestSupport
import XCTest

/// Create Checkout's fields (seed 001, PROVIDERS.md B) and exact decimal amounts.
final class SmartPayValidationTests: SmartPayTestCase {
    private func body(amount: String = "10.99", currency: String = "EUR", description: String = "Purchase 1x product ABC",
                      extra: String = "") -> String {
        #"{"merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "payment": {"amount": \#(amount), "currencyCode": "\#(currency)", "description": "\#(description)"}\#(extra)}"#
    }

    private func amountLiteral(of id: String) throws -> String {
        let text = try harness.request("GET", "/payment/status/\(id)").text
        let range = try XCTUnwrap(text.range(of: #""amount":[0-9.]+"#, options: .regularExpression), text)
        return String(text[range].dropFirst(9))
    }

    func testAmountsRoundTripExactlyInTheCurrencysExponent() throws {
        let cases: [(String, String, String)] = [
            ("10.99", "EUR", "10.99"), ("0.01", "EUR", "0.01"), ("10", "EUR", "10.00"), ("10.990", "EUR", "10.99"),
            ("1.099e1", "EUR", "10.99"), ("9999999999999999.99", "EUR", "9999999999999999.99"),
            ("1099", "JPY", "1099"), ("1", "JPY", "1"), ("9999999999999999", "JPY", "9999999999999999"),
            ("1.005", "KWD", "1.005"),
        ]
        for (sent, currency, expected) in cases {
            let (id, _) = try harness.create(body(amount: sent, currency: currency))
            XCTAssertEqual(try amountLiteral(of: id), expected, "\(sent) \(currency)")
        }
    }

    func testAmountsTheCurrencyCannotHoldAreRefusedWithTheField() throws {
        for (amount, currency) in [("10.999", "EUR"), ("10.5", "JPY"), ("0", "EUR"), ("-1.00", "EUR"), ("0.001", "EUR"),
                                   ("10000000000000000", "EUR"), ("10000000000000000", "JPY"), ("1e400", "EUR"), ("\"10.99\"", "EUR")] {
            try harness.assertError(try harness.request("POST", "/payment/creation", body: body(amount: amount, currency: currency)),
                                    status: 400, code: "INVALID_REQUEST", field: "payment.amount")
        }
        XCTAssertEqual(harness.simulator.transactionCount, 1)
    }

    func testRequiredAndBoundedFieldsAreNamed() throws {
        let cases: [(String, String)] = [
            (#"{"payment": {"amount": 1, "currencyCode": "EUR"}}"#, "merchantKey"),
            (#"{"merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e"}"#, "payment"),
            (#"{"merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "payment": {"currencyCode": "EUR"}}"#, "payment.amount"),
            (#"{"merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "payment": {"amount": 1}}"#, "payment.currencyCode"),
            (body(currency: "XXX"), "payment.currencyCode"),
            (body(description: String(repeating: "d", count: 128)), "payment.description"),
            (body(extra: #", "partnerReference": "\#(String(repeating: "r", count: 65))""#), "partnerReference"),
            (body(extra: #", "billingAddress": {"countryCode": "DEU"}"#), "billingAddress.countryCode"),
            (body(extra: #", "consumer": "Butcher""#), "consumer"),
        ]
        for (text, field) in cases {
            try harness.assertError(try harness.request("POST", "/payment/creation", body: text), status: 400, code: "INVALID_REQUEST", field: field)
        }
        XCTAssertEqual(try harness.request("POST", "/payment/creation", body: body(description: String(repeating: "d", count: 127))).status, 200)
    }

    func testNotJSONIsRefused() throws {
        for text in ["", "[]", "{", "merchantKey=x"] {
            try harness.assertError(try harness.request("POST", "/payment/creation", body: text), status: 400, code: "INVALID_REQUEST")
        }
    }

    func testPartnerReferenceIsUniqueAndKeptWithTheCustomerAccount() throws {
        let extra = #", "partnerReference": "chk_1", "customerAccountId": "cust-42""#
        let (id, _) = try harness.create(body(extra: extra))
        try harness.assertError(try harness.request("POST", "/payment/creation", body: body(extra: extra)), status: 409, code: "DUPLICATE", field: "partnerReference")
        let status = try harness.status(id)
        XCTAssertEqual(status["partnerReference"] as? String, "chk_1")
        XCTAssertEqual((status["transactionOverview"] as? [String: Any])?["customerAccountId"] as? String, "cust-42")
    }

    func testBodiesMustBeJSON() throws {
        for contentType in ["text/plain", "application/x-www-form-urlencoded"] {
            try harness.assertError(try harness.request("POST", "/payment/creation", body: SmartPaySeedFixtures.createRequest, contentType: contentType),
                                    status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
            try harness.assertError(try harness.request("POST", "/payment/refund", body: "{}", contentType: contentType),
                                    status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
        }
        XCTAssertEqual(try harness.request("POST", "/payment/creation", body: SmartPaySeedFixtures.createRequest,
                                           contentType: "application/json; charset=utf-8").status, 200)
        XCTAssertEqual(harness.simulator.transactionCount, 2)
    }

    func testUnknownTransactionIs404() throws {
        try harness.assertError(try harness.request("GET", "/payment/status/fc10f767-12a7-46d0-9da0-4af6b5b67c4d"), status: 404, code: "NOT_FOUND")
    }

    func testOldestTransactionsAreEvictedBeyondTheCapacity() async throws {
        await harness.stop()
        harness = try SmartPayHarness { $0.maxTransactions = 3 }
        for _ in 0..<5 { _ = try harness.create() }
        XCTAssertEqual(harness.simulator.transactionCount, 3)
    }
}
