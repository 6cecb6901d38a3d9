import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// The purchase state machine, the store's bound, the calendar and the card generator.
final class PledgPurchaseTests: XCTestCase {
    typealias Machine = Purchase.StateMachine

    func testTheFunnelEndsOnce() throws {
        var machine = Machine()
        try machine.finish(.completed)
        XCTAssertEqual(machine.state, .completed)
        XCTAssertThrowsError(try machine.finish(.canceled))
        XCTAssertEqual(machine.state, .completed)
    }

    func testReleaseOnlyACompletedUndebitedPurchase() throws {
        var open = Machine()
        XCTAssertThrowsError(try open.release(isCardDebited: false))
        var debited = Machine()
        try debited.finish(.completed)
        XCTAssertThrowsError(try debited.release(isCardDebited: true))
        XCTAssertEqual(debited.state, .completed)
        var machine = Machine()
        try machine.finish(.completed)
        try machine.release(isCardDebited: false)
        XCTAssertEqual(machine.state, .released)
        XCTAssertThrowsError(try machine.release(isCardDebited: false))
    }

    func testCreditsAddUpToTheAmountWithCheckedArithmetic() throws {
        var machine = Machine()
        XCTAssertThrowsError(try machine.credit(1, of: 100))
        try machine.finish(.completed)
        try machine.credit(40, of: 100)
        XCTAssertThrowsError(try machine.credit(Int.max, of: 100))
        XCTAssertThrowsError(try machine.credit(0, of: 100))
        XCTAssertThrowsError(try machine.credit(61, of: 100))
        XCTAssertEqual(machine.creditedCents, 40)
        try machine.credit(60, of: 100)
        XCTAssertEqual(machine.state, .refunded)
    }

    func testTheStoreKeepsAtMostItsCapacity() async throws {
        let harness = try PledgHarness { $0.maxPurchases = 3 }
        for index in 0..<5 { _ = try harness.open(harness.sign(harness.settings(reference: "chk_\(index)"))) }
        XCTAssertEqual(harness.simulator.purchaseCount, 3)
        XCTAssertNil(harness.simulator.store.purchase(merchantUID: harness.account(.split).merchantUID, reference: "chk_0"))
        XCTAssertNotNil(harness.simulator.store.purchase(merchantUID: harness.account(.split).merchantUID, reference: "chk_4"))
        await harness.stop()
    }

    func testCalendarDays() {
        XCTAssertEqual(CalendarDay("2020-02-29")?.description, "2020-02-29")
        XCTAssertNil(CalendarDay("2021-02-29"))
        XCTAssertNil(CalendarDay("2020-1-01"))
        XCTAssertNil(CalendarDay("0000-01-01"))
        XCTAssertNil(CalendarDay("２０２０-01-01"))
        XCTAssertEqual(CalendarDay("2020-01-31")!.adding(months: 1).description, "2020-02-29")
        XCTAssertEqual(CalendarDay("2020-11-15")!.adding(months: 2).description, "2021-01-15")
        XCTAssertEqual(CalendarDay("2019-12-31")!.adding(days: 1).description, "2020-01-01")
        XCTAssertEqual(CalendarDay(Date(timeIntervalSince1970: 1_700_000_000)).description, "2023-11-14")
        XCTAssertEqual(CalendarDay(daysSinceEpoch: CalendarDay("1969-07-20")!.daysSinceEpoch).description, "1969-07-20")
        XCTAssertEqual(PledgTimestamp.transaction(Date(timeIntervalSince1970: 1_554_380_434.97138)), "2019-04-04T12:20:34.971380Z")
    }

    func testVirtualCardsPassTheLuhnCheck() {
        XCTAssertEqual(VirtualCard.luhnCheckDigit([7, 9, 9, 2, 7, 3, 9, 8, 7, 1]), 3) // ISO/IEC 7812 example 79927398713
        for _ in 0..<20 {
            let card = VirtualCard(created: CalendarDay("2019-12-04")!)
            XCTAssertTrue(card.number.hasPrefix("513218"))
            XCTAssertEqual(card.expirationDate, "31-12-2020")
        }
    }
}
