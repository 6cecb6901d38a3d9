import Providers
import XCTest

/// Seed 003's three 500 € examples and PROVIDERS.md D's 2 € example, plus the rules around them.
final class PledgScheduleCalculationTests: XCTestCase {
    private func date(_ text: String) -> PledgDate { PledgDate(text)! }

    private func rows(_ schedule: PledgSchedule) -> [String] {
        schedule.shares.map { "\($0.amount)+\($0.fees)@\($0.dueDate)" }
    }

    func testFiveInstallmentsWithoutSecondDate() throws {
        let schedule = try PledgSchedule(.init(amount: 50_000, paymentType: .installment, created: date("2020-01-01"), installments: 5))
        XCTAssertEqual(rows(schedule), ["10000+0@2020-01-01", "10000+0@2020-02-01", "10000+0@2020-03-01", "10000+0@2020-04-01",
                                        "10000+0@2020-05-01"])
    }

    func testSecondInstallmentDelayedToMay() throws {
        let schedule = try PledgSchedule(.init(amount: 50_000, paymentType: .installment, created: date("2020-01-01"),
                                               secondInstallmentDate: date("2020-05-15"), installments: 5))
        XCTAssertEqual(rows(schedule), ["10000+0@2020-01-01", "10000+0@2020-05-15", "10000+0@2020-06-15", "10000+0@2020-07-15",
                                        "10000+0@2020-08-15"])
    }

    func testTwelveMonthCapAggregatesTheExceedingInstallmentsIntoTheLast() throws {
        let schedule = try PledgSchedule(.init(amount: 50_000, paymentType: .installment, created: date("2020-01-01"),
                                               secondInstallmentDate: date("2020-11-15"), installments: 5))
        XCTAssertEqual(rows(schedule), ["10000+0@2020-01-01", "10000+0@2020-11-15", "30000+0@2020-12-15"])
        XCTAssertEqual(schedule.amount, 50_000)
    }

    func testTwoEurosInThreeWithOnePercentFees() throws {
        // PROVIDERS.md D: 68 + 66 + 66, fees 2 on the first, monthly from 2021-12-17.
        let schedule = try PledgSchedule(.init(amount: 200, paymentType: .installment, created: date("2021-12-17"),
                                               installments: 3, feesBasisPoints: 100))
        XCTAssertEqual(rows(schedule), ["68+2@2021-12-17", "66+0@2022-01-17", "66+0@2022-02-17"])
        XCTAssertEqual(schedule.total, 202)
        XCTAssertEqual(schedule.totalFees, 2)
    }

    func testSecondDateBeforeCreationIsIgnoredAndMonthEndsClamp() throws {
        let schedule = try PledgSchedule(.init(amount: 1_000, paymentType: .installment, created: date("2024-01-31"),
                                               secondInstallmentDate: date("2023-12-01"), installments: 3))
        XCTAssertEqual(rows(schedule), ["334+0@2024-01-31", "333+0@2024-02-29", "333+0@2024-03-31"])
    }

    func testDeferredAndDownPayment() throws {
        let deferred = try PledgSchedule(.init(amount: 10_000, paymentType: .deferred, created: date("2026-12-20"),
                                               feesBasisPoints: 150, delayDays: 30))
        XCTAssertEqual(rows(deferred), ["10000+150@2027-01-19"])
        let down = try PledgSchedule(.init(amount: 10_001, paymentType: .downPayment, created: date("2026-02-01"),
                                           delayDays: 60, depositPercentage: 30))
        XCTAssertEqual(rows(down), ["3000+0@2026-02-01", "7001+0@2026-04-02"])
    }

    func testImpossibleRequestsNameTheirField() {
        func field(_ request: PledgSchedule.Request) -> String? {
            do { _ = try PledgSchedule(request); return nil } catch { return error.field }
        }
        let created = date("2026-01-01")
        XCTAssertEqual(field(.init(amount: 1_000_001, paymentType: .installment, created: created)), "amount")
        XCTAssertEqual(field(.init(amount: 0, paymentType: .installment, created: created)), "amount")
        XCTAssertEqual(field(.init(amount: 100, paymentType: .installment, created: created, installments: 13)), "installments")
        XCTAssertEqual(field(.init(amount: 100, paymentType: .installment, created: created, secondInstallmentDate: date("2027-06-01"))),
                       "second_installment_date")
        XCTAssertEqual(field(.init(amount: 100, paymentType: .split, created: created)), "payment_type")
        XCTAssertEqual(field(.init(amount: 100, paymentType: .installment, created: created, feesBasisPoints: 10_001)), "fees_percent")
    }

    func testDates() {
        XCTAssertNil(PledgDate("2021-02-29"))
        XCTAssertNil(PledgDate("2021-2-01"))
        XCTAssertNil(PledgDate("２０２１-02-01"))
        XCTAssertEqual(PledgDate("2020-02-29")?.addingDays(366)?.description, "2021-03-01")
        XCTAssertEqual(PledgDate("1999-12-31")?.addingDays(1)?.description, "2000-01-01")
    }
}
