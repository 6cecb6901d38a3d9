@testable import HTTP
import XCTest

final class RequestIDTests: XCTestCase {
    func testFormatIsReqAndThirtyTwoLowerHexDigits() {
        let id = RequestID.make().text
        XCTAssertEqual(id.utf8.count, 36)
        XCTAssertTrue(id.hasPrefix("req_"))
        XCTAssertTrue(id.dropFirst(4).utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, id)
    }

    func testIdsOfOneProcessNeverRepeat() {
        var seen = Set<String>()
        for _ in 0..<100_000 { XCTAssertTrue(seen.insert(RequestID.make().text).inserted) }
    }

    /// Random bits, not a counter through a mixer: every bit of consecutive ids is set about
    /// half the time, and consecutive ids differ in about half their bits (a counter's low bits
    /// would alternate; its mixed form passes the first check but is invertible, which no test
    /// can see: the generator is read here to be the kernel's).
    func testEveryBitIsSetAboutHalfTheTime() {
        let count = 20_000
        var ones = [Int](repeating: 0, count: 128)
        var previous: [UInt8] = []
        var differing = 0
        for _ in 0..<count {
            let digits = Array(RequestID.make().text.utf8.dropFirst(4))
            var bits: [UInt8] = []
            for digit in digits {
                let value = digit <= 0x39 ? digit - 0x30 : digit - 0x61 + 10
                for shift in (0..<4).reversed() { bits.append(value >> UInt8(shift) & 1) }
            }
            for index in bits.indices where bits[index] == 1 { ones[index] += 1 }
            if !previous.isEmpty { differing += zip(bits, previous).filter { $0 != $1 }.count }
            previous = bits
        }
        // Binomial(20000, 0.5): 4.5 standard deviations are ±318.
        for (index, total) in ones.enumerated() { XCTAssertEqual(Double(total), Double(count) / 2, accuracy: 318, "bit \(index)") }
        XCTAssertEqual(Double(differing) / Double(count - 1), 64, accuracy: 0.5)
    }

    func testAPoolRefillsWithFreshWords() {
        var words = RandomWords()
        var seen = Set<UInt64>()
        // 128 words a batch: 1,000 calls cross several refills.
        for _ in 0..<1_000 {
            let (a, b) = words.next()
            XCTAssertTrue(seen.insert(a).inserted)
            XCTAssertTrue(seen.insert(b).inserted)
        }
    }

    func testConcurrentCallersGetDistinctIds() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<5_000).map { _ in RequestID.make().text } } }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        XCTAssertEqual(Set(ids).count, 40_000)
    }
}
