import XCTest
@testable import Crypto

final class RandomIDTests: XCTestCase {
    func testCheckoutIDIsPrefixPlus24Base32Characters() {
        let id = RandomID.make(prefix: "chk_")
        XCTAssertEqual(id.count, 28)
        XCTAssertTrue(id.hasPrefix("chk_"))
        XCTAssertTrue(id.dropFirst(4).allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) }, id)
        XCTAssertTrue(RandomID.isWellFormed(id, prefix: "chk_"))
    }

    func testIDsDoNotRepeatAndUseTheWholeAlphabet() {
        var seen = Set<String>(), characters = Set<Character>()
        for _ in 0..<2000 {
            let id = RandomID.make(prefix: "evt_")
            XCTAssertTrue(seen.insert(id).inserted)
            characters.formUnion(id.dropFirst(4))
        }
        // 48,000 draws from 32 symbols: missing one by chance has probability ~ 32 * (31/32)^48000.
        XCTAssertEqual(characters.count, 32)
    }

    func testWellFormednessRejectsWrongPrefixLengthAndAlphabet() {
        XCTAssertFalse(RandomID.isWellFormed("chk_abc", prefix: "chk_"))
        XCTAssertFalse(RandomID.isWellFormed("evt_aaaaaaaaaaaaaaaaaaaaaaaa", prefix: "chk_"))
        XCTAssertFalse(RandomID.isWellFormed("chk_aaaaaaaaaaaaaaaaaaaaaaa1", prefix: "chk_"))
        XCTAssertTrue(RandomID.isWellFormed("chk_aaaaaaaaaaaaaaaaaaaaaaa7", prefix: "chk_"))
    }

    func testSamplingFromAnyAlphabetStaysInsideItAndReachesEveryCharacter() {
        // Ten characters do not divide 256: this goes through the rejection path.
        let digits = Array("0123456789".utf8)
        let text = RandomID.make(length: 4000, from: digits)
        XCTAssertEqual(text.utf8.count, 4000)
        XCTAssertTrue(text.utf8.allSatisfy { digits.contains($0) })
        XCTAssertEqual(Set(text.utf8), Set(digits))
    }
}
