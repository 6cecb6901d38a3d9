import XCTest
@testable import Crypto

final class Base64Tests: XCTestCase {
    /// RFC 4648 §10 test vectors.
    func testBase64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base64.decode(encoded), Array(plain.utf8))
        }
    }

    func testBase64URLUsesURLSafeAlphabetWithoutPadding() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xfe]
        XCTAssertEqual(Base64.encode(bytes), "+//+")
        XCTAssertEqual(Base64URL.encode(bytes), "-__-")
        XCTAssertEqual(Base64URL.encode(Array("f".utf8)), "Zg")
        XCTAssertEqual(Base64URL.decode("-__-"), bytes)
        XCTAssertEqual(Base64URL.decode("Zg"), Array("f".utf8))
    }

    func testBase64URLRejectsPaddingStandardAlphabetAndImpossibleLength() {
        XCTAssertNil(Base64URL.decode("Zg=="))
        XCTAssertNil(Base64URL.decode("+//+"))
        XCTAssertNil(Base64URL.decode("Zm9vY"))
        XCTAssertNil(Base64.decode("Zm9v!"))
    }

    func testBase64RoundTripsRandomBytes() {
        for count in 0..<40 {
            let bytes = SecureRandom.bytes(count)
            XCTAssertEqual(Base64.decode(Base64.encode(bytes)), bytes)
            XCTAssertEqual(Base64URL.decode(Base64URL.encode(bytes)), bytes)
        }
    }
}
