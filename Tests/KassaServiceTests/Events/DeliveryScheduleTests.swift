import Foundation
@testable import KassaService
import XCTest

final class DeliveryScheduleTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    func testDelaysDoubleFromTenSecondsUpToAnHour() {
        let schedule = DeliverySchedule()
        XCTAssertEqual((1...11).map { schedule.nominalDelaySeconds(afterAttempts: $0) },
                       [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600])
        XCTAssertEqual(schedule.nominalDelaySeconds(afterAttempts: Int.max), 3600, "no overflow however many attempts")
    }

    func testJitterStaysBetweenHalfAndTheWholeDelay() {
        let schedule = DeliverySchedule()
        XCTAssertEqual(schedule.next(afterAttempts: 3, now: start, unit: 0), start.addingTimeInterval(20))
        XCTAssertEqual(schedule.next(afterAttempts: 3, now: start, unit: 0.5), start.addingTimeInterval(30))
        XCTAssertEqual(schedule.next(afterAttempts: 3, now: start, unit: 1), start.addingTimeInterval(40))
    }

    func testAnEventIsDeadOnceTheDelaysPassThreeDays() {
        let schedule = DeliverySchedule()
        // 10+20+…+2560 = 5110 s, then 3600 s each: (259200 − 5110) / 3600 = 70.6 → 9 + 70 retries.
        let lastRetry = (1...200).last { schedule.next(afterAttempts: $0, now: start, unit: 0.5) != nil }
        XCTAssertEqual(lastRetry, 79)
        XCTAssertNil(schedule.next(afterAttempts: 80, now: start, unit: 0.5))
        XCTAssertLessThanOrEqual(schedule.elapsedSeconds(afterAttempts: 79), 259_200)
        XCTAssertGreaterThan(schedule.elapsedSeconds(afterAttempts: 80), 259_200)
    }
}
