@testable import HTTP
import XCTest

final class RequestIDTests: XCTestCase {
    func testFormatIsReqAndTwentyLowerHexDigits() {
        let id = RequestID.make().text
        XCTAssertEqual(id.utf8.count, 24)
        XCTAssertTrue(id.hasPrefix("req_"))
        XCTAssertTrue(id.dropFirst(4).utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, id)
    }

    func testIdsOfOneProcessNeverRepeat() {
        var seen = Set<String>()
        for _ in 0..<100_000 { XCTAssertTrue(seen.insert(RequestID.make().text).inserted) }
    }

    func testMixerIsABijectionOnSampledInputs() {
        // Distinct inputs, including adjacent counters and the extremes, give distinct outputs.
        let inputs: [UInt64] = Array(0..<10_000) + [UInt64.max, UInt64.max - 1, 1 << 63]
        XCTAssertEqual(Set(inputs.map(RequestID.mix)).count, inputs.count)
        XCTAssertNotEqual(RequestID.mix(0), 0)
    }

    func testConcurrentCallersGetDistinctIds() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<5_000).map { _ in RequestID.make().text } } }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        XCTAssertEqual(Set(ids).count, 40_000)
    }
}
