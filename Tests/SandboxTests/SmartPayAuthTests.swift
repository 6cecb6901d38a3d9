import Foundation
import KassaTestSupport
import XCTest

/// Seed 001, "Authentication": Basic `merchantKey:authenticationKey` or a Bearer token from the
/// OAuth 2.0 endpoint (form body, `expires_in` 3600); anything else is 401.
final class SmartPayAuthTests: SmartPayTestCase {
    private func tokenRequest(_ body: String, contentType: String = "application/x-www-form-urlencoded") throws -> RawClient.Reply {
        try harness.request("POST", "/oauth2/token", body: body, authorization: nil, contentType: contentType)
    }

    func testTokenResponseHasTheSeedShape() throws {
        let reply = try tokenRequest(SmartPaySeedFixtures.tokenRequest)
        XCTAssertEqual(reply.status, 200, reply.text)
        let body = try harness.json(reply)
        XCTAssertEqual(Set(body.keys), ["access_token", "expires_in", "token_type"])
        XCTAssertEqual(body["expires_in"] as? Int, 3600)
        XCTAssertEqual(body["token_type"] as? String, "Bearer")
        // Seed 001: "eyJraWQi....Qeg", a JWT: three base64url parts, the header starting {"kid".
        let token = try XCTUnwrap(body["access_token"] as? String)
        XCTAssertTrue(token.hasPrefix("eyJraWQi"), token)
        XCTAssertEqual(token.split(separator: ".").count, 3)
        XCTAssertLessThanOrEqual(token.utf8.count, 512)
    }

    func testWrongClientCredentialsAreInvalidClient() throws {
        for body in ["client_id=sandbox_smartpay_client_id&client_secret=wrong&grant_type=client_credentials",
                     "client_id=other&client_secret=sandbox_smartpay_client_secret&grant_type=client_credentials"] {
            let reply = try tokenRequest(body)
            XCTAssertEqual(reply.status, 401, body)
            XCTAssertEqual(try harness.json(reply)["error"] as? String, "invalid_client")
        }
    }

    func testMalformedTokenRequestsAreRefused() throws {
        let cases: [(String, String, Int, String)] = [
            ("client_id=sandbox_smartpay_client_id&client_secret=sandbox_smartpay_client_secret&grant_type=password",
             "application/x-www-form-urlencoded", 400, "unsupported_grant_type"),
            ("client_id=sandbox_smartpay_client_id&grant_type=client_credentials", "application/x-www-form-urlencoded", 400, "invalid_request"),
            (#"{"client_id":"sandbox_smartpay_client_id","client_secret":"sandbox_smartpay_client_secret","grant_type":"client_credentials"}"#,
             "application/json", 400, "invalid_request"),
        ]
        for (body, contentType, status, error) in cases {
            let reply = try tokenRequest(body, contentType: contentType)
            XCTAssertEqual(reply.status, status, body)
            XCTAssertEqual(try harness.json(reply)["error"] as? String, error, body)
        }
    }

    func testWithoutCredentialsEveryAPICallIs401() throws {
        let calls: [(String, String, String?)] = [
            ("POST", "/payment/creation", SmartPaySeedFixtures.createRequest),
            ("GET", SmartPaySeedFixtures.statusPath, nil),
            ("POST", "/payment/capture", #"{"transactionId":"x","merchantKey":"48c4e923-e88c-464b-a4e7-ccb2c6d3775e","modificationId":"m"}"#),
            ("POST", "/sandbox-controls/payments/48c4e923-e88c-464b-a4e7-ccb2c6d3775e/settle", nil),
        ]
        for (method, path, body) in calls {
            let reply = try harness.request(method, path, body: body, authorization: nil)
            try harness.assertError(reply, status: 401, code: "UNAUTHORIZED")
            XCTAssertNotNil(reply.header("WWW-Authenticate"), path)
        }
        XCTAssertEqual(harness.simulator.transactionCount, 1, "only the seed's example")
    }

    func testWrongBasicCredentialsAre401() throws {
        let wrong = ["48c4e923-e88c-464b-a4e7-ccb2c6d3775e:wrong", "other:sandbox_smartpay_authentication_key",
                     "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "48c4e923-e88c-464b-a4e7-ccb2c6d3775e:sandbox_smartpay_authentication_key\n"]
        for credentials in wrong {
            let header = "Basic " + Data(credentials.utf8).base64EncodedString()
            try harness.assertError(try harness.request("GET", SmartPaySeedFixtures.statusPath, authorization: header), status: 401, code: "UNAUTHORIZED")
        }
        for header in ["Basic !!!", "Bearer", "Digest abc", "Bearer eyJraWQi.x.y"] {
            try harness.assertError(try harness.request("GET", SmartPaySeedFixtures.statusPath, authorization: header), status: 401, code: "UNAUTHORIZED")
        }
    }

    func testTokenExpiresAfter3600Seconds() throws {
        let token = try harness.token()
        harness.clock.advance(seconds: 3599)
        XCTAssertEqual(try harness.request("GET", SmartPaySeedFixtures.statusPath, authorization: "Bearer \(token)").status, 200)
        harness.clock.advance(seconds: 1)
        try harness.assertError(try harness.request("GET", SmartPaySeedFixtures.statusPath, authorization: "Bearer \(token)"),
                                status: 401, code: "UNAUTHORIZED")
        XCTAssertEqual(try harness.request("GET", SmartPaySeedFixtures.statusPath, authorization: "Bearer \(try harness.token())").status, 200)
    }

    func testRevokedTokensAre401() throws {
        let token = try harness.token()
        XCTAssertEqual(try harness.request("POST", "/sandbox-controls/oauth2/revoke").status, 204)
        try harness.assertError(try harness.request("GET", SmartPaySeedFixtures.statusPath, authorization: "Bearer \(token)"),
                                status: 401, code: "UNAUTHORIZED")
    }

    func testAccessTokenHeaderIsAJWTOfAtMost512Characters() throws {
        let part = String(repeating: "a", count: 170)
        let fits = "\(part).\(part).\(part)"
        XCTAssertEqual(fits.count, 512)
        XCTAssertEqual(try harness.request("GET", SmartPaySeedFixtures.statusPath, headers: ["X-Access-Token": fits]).status, 200)
        try harness.assertError(try harness.request("GET", SmartPaySeedFixtures.statusPath, headers: ["X-Access-Token": fits + "a"]),
                                status: 400, code: "INVALID_REQUEST", field: "X-Access-Token")
        try harness.assertError(try harness.request("GET", SmartPaySeedFixtures.statusPath, headers: ["X-Access-Token": "not-a-jwt"]),
                                status: 400, code: "INVALID_REQUEST", field: "X-Access-Token")
    }

    func testAnotherMerchantsKeyInTheBodyIsForbidden() throws {
        let body = SmartPaySeedFixtures.createRequest.replacingOccurrences(of: "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", with: "00000000-e88c-464b-a4e7-ccb2c6d3775e")
        try harness.assertError(try harness.request("POST", "/payment/creation", body: body), status: 403, code: "FORBIDDEN", field: "merchantKey")
        XCTAssertEqual(harness.simulator.transactionCount, 1)
    }
}
