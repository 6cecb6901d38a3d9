import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// `simulate_payment_schedule` and the schedule rules of seed 003 and PROVIDERS.md D.
final class PledgScheduleTests: XCTestCase {
    var harness: PledgHarness!
    static let fiveInstallments = "mer_00000000-0000-4000-8000-000000000005"

    override func setUp() async throws {
        harness = try PledgHarness { configuration in
            configuration.accounts.append(.init(merchantUID: Self.fiveInstallments, secret: "SECRET", paymentType: .installment,
                                                mode: .back, countries: ["FR"], installments: 5))
        }
    }

    override func tearDown() async throws { await harness.stop() }

    func simulate(_ merchant: String, _ body: String) throws -> (status: Int, json: [String: Any]) {
        let reply = try harness.request("POST", "/api/users/me/merchants/\(merchant)/simulate_payment_schedule", body: body)
        return (reply.status, try PledgHarness.json(reply))
    }

    func shares(_ merchant: String, _ body: String, key: String = "INSTALLMENT",
                file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let (status, json) = try simulate(merchant, body)
        XCTAssertEqual(status, 200, "\(json)", file: file, line: line)
        let list = try XCTUnwrap(json[key] as? [[String: Any]], "\(json)", file: file, line: line)
        XCTAssertEqual(json.count, 1, "\(json)", file: file, line: line)
        return list.map { share in
            XCTAssertEqual(Set(share.keys), ["amount_cents", "fees", "payment_date"], file: file, line: line)
            return "\(share["amount_cents"] as? Int ?? -1)+\(share["fees"] as? Int ?? -1)@\(share["payment_date"] as? String ?? "?")"
        }
    }

    /// A share as `shares` writes it: `amount+fees@date`.
    func share(_ amount: Int, _ date: String, fees: Int = 0) -> String { "\(amount)+\(fees)@\(date)" }

    /// PROVIDERS.md D's example: 2 € in three, fees 1 %: 68 + 66 + 66, fees 2 on the first.
    func testTheTwoEuroExampleOfTheDocs() throws {
        let installment = harness.account(.installment).merchantUID
        XCTAssertEqual(try shares(installment, #"{"amount_cents": 200, "created": "2021-12-17"}"#),
                       [share(68, "2021-12-17", fees: 2), share(66, "2022-01-17"), share(66, "2022-02-17")])
    }

    func testSeedFiveInstallmentsWithoutSecondDate() throws {
        XCTAssertEqual(try shares(Self.fiveInstallments, #"{"amount_cents": 50000, "created": "2020-01-01"}"#),
                       [share(10000, "2020-01-01"), share(10000, "2020-02-01"), share(10000, "2020-03-01"),
                        share(10000, "2020-04-01"), share(10000, "2020-05-01")])
    }

    func testSeedFiveInstallmentsWithSecondDate() throws {
        let body = #"{"amount_cents": 50000, "created": "2020-01-01", "second_installment_date": "2020-05-15"}"#
        XCTAssertEqual(try shares(Self.fiveInstallments, body),
                       [share(10000, "2020-01-01"), share(10000, "2020-05-15"), share(10000, "2020-06-15"),
                        share(10000, "2020-07-15"), share(10000, "2020-08-15")])
    }

    func testSeedTwelveMonthCapAggregatesIntoTheLastShare() throws {
        let body = #"{"amount_cents": 50000, "created": "2020-01-01", "second_installment_date": "2020-11-15"}"#
        XCTAssertEqual(try shares(Self.fiveInstallments, body),
                       [share(10000, "2020-01-01"), share(10000, "2020-11-15"), share(30000, "2020-12-15")])
    }

    func testASecondDateBeforeCreationIsIgnored() throws {
        let body = #"{"amount_cents": 50000, "created": "2020-01-01", "second_installment_date": "2019-12-15"}"#
        XCTAssertEqual(try shares(Self.fiveInstallments, body),
                       [share(10000, "2020-01-01"), share(10000, "2020-02-01"), share(10000, "2020-03-01"),
                        share(10000, "2020-04-01"), share(10000, "2020-05-01")])
    }

    func testRemainderGoesOnTheFirstShareAndMonthEndsClamp() throws {
        XCTAssertEqual(try shares(Self.fiveInstallments, #"{"amount_cents": 50003, "created": "2020-01-31"}"#),
                       [share(10003, "2020-01-31"), share(10000, "2020-02-29"), share(10000, "2020-03-31"),
                        share(10000, "2020-04-30"), share(10000, "2020-05-31")])
    }

    func testOtherPaymentTypesAreKeyedByTheirType() throws {
        let body = #"{"amount_cents": 1001, "created": "2020-01-01"}"#
        // Deferred: the whole amount after the account's 30 days.
        XCTAssertEqual(try shares(harness.account(.deferred).merchantUID, body, key: "DEFERRED"), [share(1001, "2020-01-31")])
        // Down payment: a 30 % deposit now, the balance after the account's 60 days.
        XCTAssertEqual(try shares(harness.account(.downPayment).merchantUID, body, key: "DOWN_PAYMENT"),
                       [share(300, "2020-01-01"), share(701, "2020-03-01")])
        XCTAssertEqual(try shares(harness.account(.split).merchantUID, body, key: "SPLIT"), [share(1001, "2020-01-01")])
    }

    func testBadInputIsAnInvalidRequestNamingTheField() throws {
        let merchant = Self.fiveInstallments
        for (body, field) in [(#"{"created": "2020-01-01"}"#, "amount_cents"),
                              (#"{"amount_cents": 0, "created": "2020-01-01"}"#, "amount_cents"),
                              (#"{"amount_cents": 1000001, "created": "2020-01-01"}"#, "amount_cents"),
                              (#"{"amount_cents": 9223372036854775807, "created": "2020-01-01"}"#, "amount_cents"),
                              (#"{"amount_cents": 100, "created": "2020-02-30"}"#, "created"),
                              (#"{"amount_cents": 100, "created": "2020-01-01", "second_installment_date": 5}"#, "second_installment_date")] {
            let (status, json) = try simulate(merchant, body)
            XCTAssertEqual(status, 400, body)
            XCTAssertEqual(json["type"] as? String, "invalid_request_error", body)
            XCTAssertTrue((json["message"] as? String ?? "").contains(field), "\(body): \(json)")
        }
        XCTAssertEqual(try simulate("mer_unknown", #"{"amount_cents": 100, "created": "2020-01-01"}"#).status, 404)
        XCTAssertEqual(try harness.request("POST", "/api/users/me/merchants/\(merchant)/simulate_payment_schedule", body: "[").status, 400)
    }

    func testFeesRoundHalfUp() throws {
        XCTAssertEqual(try PaymentSchedule.fees(150, percent: 1), 2)
        XCTAssertEqual(try PaymentSchedule.fees(149, percent: 1), 1)
        XCTAssertEqual(try PaymentSchedule.fees(100_000, percent: 2.5), 2_500)
        XCTAssertThrowsError(try PaymentSchedule.fees(100, percent: .nan))
        XCTAssertThrowsError(try PaymentSchedule.fees(100, percent: 101))
    }
}
