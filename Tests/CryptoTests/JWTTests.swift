import XCTest
@testable import Crypto

final class JWTTests: XCTestCase {
    // RFC 7515 Appendix A.1: header and payload bytes include CR LF and spaces, so they are
    // signed verbatim; the key is the JWK `k` value.
    private let a1Header = Array("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}".utf8)
    private let a1Payload = Array("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}".utf8)
    private let a1Key = Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!
    private let a1Token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    private let beforeA1Expiry = Date(timeIntervalSince1970: 1_300_819_000)

    func testSigningRFC7515A1InputsGivesTheRFCToken() {
        XCTAssertEqual(JWT.sign(header: a1Header, payload: a1Payload, secret: a1Key), a1Token)
    }

    func testVerifyingRFC7515A1TokenReturnsItsClaims() throws {
        let verified = try JWT.verifyHS256(a1Token, secret: a1Key, now: beforeA1Expiry)
        XCTAssertEqual(verified.claims["iss"]?.stringValue, "joe")
        XCTAssertEqual(verified.payload, a1Payload)
    }

    func testRFC7515A1TokenIsExpiredAfterItsExpPlusLeeway() {
        XCTAssertNoThrow(try JWT.verifyHS256(a1Token, secret: a1Key, now: Date(timeIntervalSince1970: 1_300_819_380 + 59), leeway: 60))
        XCTAssertThrowsError(try JWT.verifyHS256(a1Token, secret: a1Key, now: Date(timeIntervalSince1970: 1_300_819_380 + 60), leeway: 60)) {
            XCTAssertEqual($0 as? JWTError, .expired)
        }
    }

    /// Seed 003 "Transfer mode" notification example. It does not verify with the seed's
    /// example secret `SECRET`: it was signed with jwt.io's default secret `your-256-bit-secret`.
    func testPledgTransferModeExampleFromSeed() throws {
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyZWZlcmVuY2UiOiJwdXJjaGFzZV9yZWZlcmVuY2UiLCJjcmVhdGVkIjoiMjAyMC0wOS0xNyAxNTowMDowMi4wNTIxNzciLCJ0cmFuc2Zlcl9vcmRlcl9pdGVtX3VpZCI6InRyaV9mYXNka2ZpYXNmc2QyMzRuZnM3ZjVkIiwiYW1vdW50X2NlbnRzIjoxMDAwMH0.6ZhlvdcPgjwwBfxCrRpzaBGoRxTCoqtWJzFhB8pw4Ys"
        let verified = try JWT.verifyHS256(token, secret: Array("your-256-bit-secret".utf8), now: Date())
        XCTAssertEqual(verified.claims["reference"]?.stringValue, "purchase_reference")
        XCTAssertEqual(verified.claims["transfer_order_item_uid"]?.stringValue, "tri_fasdkfiasfsd234nfs7f5d")
        XCTAssertEqual(verified.claims["amount_cents"]?.int64Value, 10000)
        XCTAssertThrowsError(try JWT.verifyHS256(token, secret: Array("SECRET".utf8), now: Date())) {
            XCTAssertEqual($0 as? JWTError, .badSignature)
        }
    }

    func testSignedClaimsRoundTrip() throws {
        struct Claims: Codable, Equatable { let data: [String: String]; let exp: Int }
        let claims = Claims(data: ["merchantUid": "mer_1", "amountCents": "4485"], exp: 2_000_000_000)
        let token = try JWT.signHS256(claims: claims, secret: Array("SECRET".utf8))
        XCTAssertTrue(token.hasPrefix("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."))
        let verified = try JWT.verifyHS256(token, secret: Array("SECRET".utf8), now: Date(timeIntervalSince1970: 1_900_000_000))
        XCTAssertEqual(try verified.decode(Claims.self), claims)
    }

    func testAlgNoneIsRejectedEvenWithoutSignature() {
        let header = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(Array(#"{"reference":"x"}"#.utf8))
        XCTAssertThrowsError(try JWT.verifyHS256("\(header).\(payload).", secret: Array("SECRET".utf8), now: Date())) {
            XCTAssertEqual($0 as? JWTError, .unsupportedAlgorithm)
        }
    }

    func testOtherAlgorithmsAreRejectedEvenWhenTheHMACMatches() {
        for alg in ["HS512", "RS256", "hs256", "ES256"] {
            let token = JWT.sign(header: Array(#"{"alg":"\#(alg)"}"#.utf8), payload: Array("{}".utf8), secret: Array("k".utf8))
            XCTAssertThrowsError(try JWT.verifyHS256(token, secret: Array("k".utf8), now: Date())) {
                XCTAssertEqual($0 as? JWTError, .unsupportedAlgorithm, alg)
            }
        }
    }

    func testCritHeaderIsRejected() {
        let token = JWT.sign(header: Array(#"{"alg":"HS256","crit":["b64"],"b64":false}"#.utf8), payload: Array("{}".utf8), secret: Array("k".utf8))
        XCTAssertThrowsError(try JWT.verifyHS256(token, secret: Array("k".utf8), now: Date())) {
            XCTAssertEqual($0 as? JWTError, .unsupportedAlgorithm)
        }
    }

    func testTamperedPayloadAndWrongSecretAreRejected() throws {
        let token = JWT.signHS256(payload: Array(#"{"amount_cents":100}"#.utf8), secret: Array("SECRET".utf8))
        let parts = token.split(separator: ".").map(String.init)
        let forged = parts[0] + "." + Base64URL.encode(Array(#"{"amount_cents":1}"#.utf8)) + "." + parts[2]
        XCTAssertThrowsError(try JWT.verifyHS256(forged, secret: Array("SECRET".utf8), now: Date())) {
            XCTAssertEqual($0 as? JWTError, .badSignature)
        }
        XCTAssertThrowsError(try JWT.verifyHS256(token, secret: Array("SECRET2".utf8), now: Date())) {
            XCTAssertEqual($0 as? JWTError, .badSignature)
        }
    }

    func testNotBeforeIsHonouredWithLeeway() {
        let token = JWT.signHS256(payload: Array(#"{"nbf":1000}"#.utf8), secret: Array("k".utf8))
        XCTAssertNoThrow(try JWT.verifyHS256(token, secret: Array("k".utf8), now: Date(timeIntervalSince1970: 970), leeway: 30))
        XCTAssertThrowsError(try JWT.verifyHS256(token, secret: Array("k".utf8), now: Date(timeIntervalSince1970: 969), leeway: 30)) {
            XCTAssertEqual($0 as? JWTError, .notYetValid)
        }
    }

    func testMalformedTokensAreRejected() {
        let good = JWT.signHS256(payload: Array(#"{"exp":true}"#.utf8), secret: Array("k".utf8))
        for token in ["", "a.b", "a.b.c.d", "!!.e30.sig", good] {
            XCTAssertThrowsError(try JWT.verifyHS256(token, secret: Array("k".utf8), now: Date())) {
                XCTAssertEqual($0 as? JWTError, .malformed, token)
            }
        }
    }
}
