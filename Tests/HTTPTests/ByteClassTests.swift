@testable import HTTP
import XCTest

final class ByteClassTests: XCTestCase {
    func testTokenCharsAreExactlyRFC9110Tchar() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            XCTAssertEqual(ByteClass.isTokenChar(byte), tchar.contains(byte), "byte \(byte)")
        }
    }

    func testHostCharsAreExactlyRegNameIPLiteralAndPortChars() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:[]%".utf8)
        for byte in UInt8.min...UInt8.max {
            XCTAssertEqual(HeadParser.isHostChar(byte), allowed.contains(byte), "byte \(byte)")
        }
    }

    func testCaseInsensitiveComparisonOnlyFoldsLetters() {
        XCTAssertTrue("Content-Length".equalsIgnoringASCIICase("content-length"))
        XCTAssertTrue("X-REQUEST-ID".equalsIgnoringASCIICase("x-request-id"))
        XCTAssertFalse("Host".equalsIgnoringASCIICase("Hosts"))
        XCTAssertFalse("a@".equalsIgnoringASCIICase("a`"))   // 0x40 and 0x60 differ by 0x20 but are not letters
        XCTAssertFalse("é".equalsIgnoringASCIICase("É"))
        XCTAssertTrue(String(repeating: "aB", count: 40).equalsIgnoringASCIICase(String(repeating: "Ab", count: 40)))
    }
}
