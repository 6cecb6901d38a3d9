import JSON
import KassaTestSupport
import XCTest

/// Mutated documents must either parse or fail with a `JSONParseError`: never trap or hang.
/// Whatever parses must survive a round trip unchanged.
final class JSONFuzzTests: XCTestCase {
    private let seedDocument = Array(#"{"a":[1,-2.5e3,true,false,null,"x\"\u00e9\ud83d\ude00"],"b":{"c":{}},"d":[]}"#.utf8)
    private let interesting: [UInt8] = Array(#"{}[]",:\-+.eE0123456789tfnu"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xF4, 0xFF, 0x20, 0x0A]

    func testMutatedDocumentsNeverCrashAndRoundTrip() {
        var generator = SplitMix64(seed: 0x4B41_5353_41)
        var parsed = 0
        for _ in 0..<20_000 {
            var bytes = seedDocument
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = interesting.randomElement(using: &generator)!
                case 1: bytes.insert(interesting.randomElement(using: &generator)!, at: index)
                default: if bytes.count > 1 { bytes.remove(at: index) }
                }
            }
            guard let value = try? JSONValue.parse(bytes) else { continue }
            parsed += 1
            XCTAssertEqual(try? JSONValue.parse(value.serialized()), value, String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(try? JSONValue.parse(value.serialized(sortedKeys: true)), value)
        }
        // The mutations must leave some documents valid, or the round-trip check tested nothing.
        XCTAssertGreaterThan(parsed, 100)
    }

    func testRandomBytesNeverCrash() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                interesting.randomElement(using: &generator)!
            }
            if let value = try? JSONValue.parse(bytes) {
                XCTAssertEqual(try? JSONValue.parse(value.serialized()), value)
            }
        }
    }
}
