import Crypto
import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// Whatever arrives, the simulator answers a 4xx (issue 12), never a crash, a hang or a 500.
final class PledgHostileInputTests: XCTestCase {
    var harness: PledgHarness!

    override func setUp() async throws { harness = try PledgHarness() }
    override func tearDown() async throws { await harness.stop() }

    func signRaw(_ payload: String, secret: String = "SECRET") -> String {
        JWT.signHS256(payload: Array(payload.utf8), secret: Array(secret.utf8))
    }

    func testOddlyTypedSettingsAreInvalidRequests() throws {
        let merchant = harness.account(.split).merchantUID
        let base = #""merchantUid":"\#(merchant)","email":"a@b.co","firstName":"A","lastName":"B","reference":"r","title":"t","redirectUrl":"https://shop.example.com/","cancelUrl":"https://shop.example.com/""#
        let cases = [
            #"{"data":{\#(base),"amountCents":true}}"#, #"{"data":{\#(base),"amountCents":null}}"#,
            #"{"data":{\#(base),"amountCents":[1]}}"#, #"{"data":{\#(base),"amountCents":1e400}}"#,
            #"{"data":{\#(base),"amountCents":-0.0}}"#, #"{"data":{\#(base),"amountCents":99999999999999999999999}}"#,
            #"{"data":{\#(base),"amountCents":100,"address":{"country":7}}}"#,
            #"{"data":{\#(base),"amountCents":100,"metadata":"x"}}"#,
            #"{"data":{\#(base),"amountCents":100,"email":{"a":1}}}"#,
            #"{"data":{\#(base),"amountCents":100,"deferredPaymentDate":"99999-01-01"}}"#,
            #"{"data":"x"}"#, #"{"data":{\#(base),"amountCents":100},"exp":"tomorrow"}"#, "[]", "null",
            "{\"data\":{\(base),\"amountCents\":100,\"title\":\"" + String(repeating: "x", count: 3000) + "\"}}",
            "{\"data\":{\(base),\"amountCents\":100,\"metadata\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}}",
        ]
        for payload in cases {
            let reply = try harness.front(signRaw(payload))
            XCTAssertEqual(reply.status, 400, "\(payload.prefix(120)): \(reply.text.prefix(300))")
            XCTAssertTrue(reply.text.contains("invalid_request_error"), String(payload.prefix(120)))
        }
        XCTAssertEqual(harness.simulator.purchaseCount, 0)
    }

    func testOddRequestsToThePagesAndTheAPI() throws {
        XCTAssertEqual(try harness.request("GET", "/front/purchases?signature=%FF%FE.%00.%0A").status, 400)
        XCTAssertEqual(try harness.request("GET", "/front/purchases?signature=" + String(repeating: "a.", count: 2000)).status / 100, 4)
        XCTAssertEqual(try harness.choose("pur_unknown", "complete").status, 404)
        XCTAssertEqual(try harness.choose("../../etc/passwd", "complete").status, 404)
        let uid = try harness.open(harness.sign(harness.settings()))
        XCTAssertEqual(try harness.request("POST", "/front/purchases/\(uid)/complete", body: "origin=%FF%00&origin=x",
                                           contentType: "application/x-www-form-urlencoded").status, 400)
        XCTAssertEqual(try harness.request("POST", "/api/token", body: "\u{0}\u{1}",
                                           headers: ["Authorization": "Basic " + String(repeating: "A", count: 4000)]).status, 401)
        let token = try harness.token()
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertEqual(try harness.request("POST", "/api/purchases/\(uid)/credit_by_transfer", body: deep,
                                           headers: ["Authorization": "Bearer " + token]).status, 400)
        XCTAssertEqual(try harness.request("POST", "/api/users/me/merchants/\(harness.account(.split).merchantUID)/simulate_payment_schedule",
                                           body: #"{"amount_cents": 100, "created": "2020-01-01", "second_installment_date": "9999-12-31"}"#).status, 200)
        XCTAssertEqual(try harness.request("POST", "/api/users/me/merchants/\(harness.account(.installment).merchantUID)/simulate_payment_schedule",
                                           body: #"{"amount_cents": 1000000, "created": "9999-12-31", "second_installment_date": "9999-12-31"}"#).status / 100, 2)
    }
}
