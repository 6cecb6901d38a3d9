import XCTest
@testable import Crypto

/// RFC 4231 §4 test cases for HMAC-SHA256 (case 5 is a truncated MAC and does not apply).
final class HMACTests: XCTestCase {
    private let cases: [(name: String, key: [UInt8], data: [UInt8], mac: String)] = [
        ("1", [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("2", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("3", [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("4", Array(1...25), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ("6", [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ("7", [UInt8](repeating: 0xaa, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    func testHMACSHA256MatchesEveryRFC4231Case() {
        for c in cases {
            XCTAssertEqual(Hex.encode(HMACSHA256.authenticate(c.data, key: c.key)), c.mac, "RFC 4231 case \(c.name)")
        }
    }

    func testHMACWithEmptyKeyMatchesKnownValue() {
        // Python: hmac.new(b"", b"", hashlib.sha256).hexdigest()
        XCTAssertEqual(Hex.encode(HMACSHA256.authenticate([UInt8](), key: [UInt8]())),
                       "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    func testSHA256UpperAndLowerHex() {
        XCTAssertEqual(SHA256.hexDigest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest("", uppercase: true), "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
    }

    /// Seed 003 "Signature of the result": the standard notification signature is a plain
    /// SHA-256 (upper-case hex) of the sorted `key=value` pairs joined by the secret.
    func testPledgStandardNotificationExampleFromSeed() {
        let fields = ["created_at": "2019-04-04T12:20:34.97138Z", "error": "", "id": "test-valid",
                      "reference": "PLEDG_1086986786391", "sandbox": "true", "status": "completed"]
        let joined = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: "SECRET")
        let signature = SHA256.hexDigest(joined, uppercase: true)
        XCTAssertEqual(signature, "B1C777835C01CA96AC4C3097FD46A7CA49B92BE157EDE0CB3552880D12A15359")
        XCTAssertTrue(ConstantTime.equals(signature, "B1C777835C01CA96AC4C3097FD46A7CA49B92BE157EDE0CB3552880D12A15359"))
    }
}
