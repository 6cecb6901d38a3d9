import Foundation
import KassaTestSupport
import XCTest

/// OAuth token issue, the bearer token on the API, and the documented error body.
final class SecuconnectAuthTests: SimulatorTestCase {
    func testWrongSecretIsInvalidClient() throws {
        let body = SeedFixtures.oauthRequest004.replacingOccurrences(of: "3382456441636938321687549172178382320163695870914358804052148567", with: "3382456441636938321687549172178382320163695870914358804052148568")
        try harness.assertError(try harness.request("POST", "/oauth/token", body: body), status: 401, error: "invalid_client")
    }

    func testWrongClientIDIsInvalidClient() throws {
        let body = SeedFixtures.oauthRequest004.replacingOccurrences(of: "00563697073442633035025909838580", with: "1")
        try harness.assertError(try harness.request("POST", "/oauth/token", body: body), status: 401, error: "invalid_client")
    }

    func testWrongGrantTypeIsUnsupported() throws {
        let body = SeedFixtures.oauthRequest004.replacingOccurrences(of: "client_credentials", with: "password")
        try harness.assertError(try harness.request("POST", "/oauth/token", body: body), status: 400, error: "unsupported_grant_type")
    }

    func testMalformedTokenRequestIsInvalidRequest() throws {
        try harness.assertError(try harness.request("POST", "/oauth/token", body: "grant_type=client_credentials"), status: 400, error: "invalid_request")
        try harness.assertError(try harness.request("POST", "/oauth/token", body: #"{"client_id":"x"}"#), status: 400, error: "invalid_request")
    }

    func testAPIWithoutTokenIs401WithCode2003() throws {
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: SeedFixtures.createRequest004)
        try harness.assertError(reply, status: 401, error: "ProductNotAllowedException", code: 2003)
        XCTAssertEqual(try harness.json(reply)["error_details"] as? String, "Valid auth token required")
        XCTAssertEqual(harness.simulator.transactionCount, 0)
    }

    func testUnknownTokenIs403WithCode2003() throws {
        let reply = try harness.request("GET", "/api/v2/Smart/Transactions/STX_X", token: "qb56tjj1bcvo9n2nj4u38k84lo")
        try harness.assertError(reply, status: 403, error: "ProductNotAllowedException", code: 2003)
    }

    func testTokenExpiresAfter1200Seconds() throws {
        let token = try harness.token()
        harness.clock.advance(seconds: 1199)
        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions", body: SeedFixtures.createRequest004, token: token).status, 200)
        harness.clock.advance(seconds: 1)
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: SeedFixtures.createRequest004, token: token)
        try harness.assertError(reply, status: 403, error: "ProductNotAllowedException", code: 2003)
        XCTAssertEqual(try harness.request("POST", "/api/v2/Smart/Transactions", body: SeedFixtures.createRequest004, token: try harness.token()).status, 200)
    }

    func testUnknownSmartTransactionIs404WithTheErrorShape() throws {
        let reply = try harness.request("GET", "/api/v2/Smart/Transactions/STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ", token: try harness.token())
        try harness.assertError(reply, status: 404, error: "ProductNotFoundException")
    }
}
