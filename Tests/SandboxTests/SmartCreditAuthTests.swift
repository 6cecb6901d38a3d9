import Foundation
import KassaTestSupport
import XCTest

/// SG Connect's token endpoint (seed 000, "Authentication") and the token on the API.
final class SmartCreditAuthTests: XCTestCase {
    var harness: SmartCreditHarness!

    override func setUp() async throws { harness = try SmartCreditHarness() }
    override func tearDown() async throws { await harness.stop() }

    /// The seed's example request with the sandbox credentials gets the documented response:
    /// the same members in the same order, the asked scopes, Bearer, 599 s.
    func testSeedExampleWithSandboxCredentialsGetsTheDocumentedResponse() throws {
        let reply = try harness.raw(SmartCreditSeed.tokenRequest(prefix: SmartCreditHarness.prefix,
                                                                 authorization: SmartCreditSeed.sandboxBasic))
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.header("Content-Type"), "application/json")
        let body = try harness.json(reply)
        let sample = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(SmartCreditSeed.exampleResponse.utf8)) as? [String: Any])
        XCTAssertEqual(Set(body.keys), Set(sample.keys))
        XCTAssertEqual(body["scope"] as? String, "fooscope barscope")
        XCTAssertEqual(body["token_type"] as? String, "Bearer")
        XCTAssertEqual(body["expires_in"] as? Int, 599)
        let token = try XCTUnwrap(body["access_token"] as? String)
        XCTAssertNotNil(token.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression), token)
        XCTAssertEqual((body["id_token"] as? String)?.split(separator: ".").count, 3)
        // Member order as printed in the seed.
        let order = ["access_token", "scope", "id_token", "token_type", "expires_in"].map { reply.text.range(of: "\"\($0)\"")!.lowerBound }
        XCTAssertEqual(order, order.sorted())
    }

    /// The seed's header verbatim decodes to the secret plus a newline: not the secret.
    func testSeedExampleVerbatimIsRefusedForItsStrayNewline() throws {
        XCTAssertEqual(String(decoding: Data(base64Encoded: SmartCreditSeed.exampleBasic)!, as: UTF8.self), "myclientid:myclientsecret\n")
        let reply = try harness.raw(SmartCreditSeed.tokenRequest(prefix: SmartCreditHarness.prefix))
        XCTAssertEqual(reply.status, 401, reply.text)
        XCTAssertEqual(try harness.json(reply)["error"] as? String, "invalid_client")
        XCTAssertNotNil(reply.header("WWW-Authenticate"))
    }

    func testWrongSecretOrNoCredentialsIs401() throws {
        let wrong = Data("myclientid:myclientsecreT".utf8).base64EncodedString()
        for authorization in [wrong, "not base64!", Data("myclientid".utf8).base64EncodedString()] {
            let reply = try harness.raw(SmartCreditSeed.tokenRequest(prefix: SmartCreditHarness.prefix, authorization: authorization))
            XCTAssertEqual(reply.status, 401, reply.text)
            XCTAssertEqual(try harness.json(reply)["error"] as? String, "invalid_client")
        }
        let none = try harness.request("POST", "/sgconnect/oauth2/access_token?grant_type=client_credentials&scope=fooscope",
                                       contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(none.status, 401, none.text)
    }

    func testBadGrantIs400() throws {
        let basic = ["Authorization": "Basic " + SmartCreditSeed.sandboxBasic]
        let password = try harness.request("POST", "/sgconnect/oauth2/access_token?grant_type=password&scope=fooscope", headers: basic)
        XCTAssertEqual(password.status, 400, password.text)
        XCTAssertEqual(try harness.json(password)["error"] as? String, "unsupported_grant_type")
        let missing = try harness.request("POST", "/sgconnect/oauth2/access_token?scope=fooscope", headers: basic)
        XCTAssertEqual(missing.status, 400, missing.text)
        XCTAssertEqual(try harness.json(missing)["error"] as? String, "invalid_request")
        let scope = try harness.request("POST", "/sgconnect/oauth2/access_token?grant_type=client_credentials&scope=adminscope", headers: basic)
        XCTAssertEqual(scope.status, 400, scope.text)
        XCTAssertEqual(try harness.json(scope)["error"] as? String, "invalid_scope")
    }

    /// "Form Parameters": the parameters in an urlencoded body work as well as in the query;
    /// only the authorized asked scopes are granted.
    func testFormBodyParametersAndOnlyAuthorizedScopes() throws {
        let reply = try harness.request("POST", "/sgconnect/oauth2/access_token",
                                        body: "grant_type=client_credentials&scope=openid+adminscope+api.epos-emerchant-initiate-customer-application.v1",
                                        headers: ["Authorization": "Basic " + SmartCreditSeed.sandboxBasic],
                                        contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(try harness.json(reply)["scope"] as? String, "openid api.epos-emerchant-initiate-customer-application.v1")
    }

    func testAPIWithoutTokenIs401InvalidToken() throws {
        let reply = try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}")
        try harness.assertDetail(reply, status: 401, error: "invalid_token", message: "API key is missing, invalid or expired.")
        let unknown = try harness.request("GET", "/api/v1/customerApplications/x", token: "05ebf626-2e71-497b-b9d7-c9c7f2bebaf8")
        try harness.assertDetail(unknown, status: 401, error: "invalid_token")
    }

    /// 599 s: valid at 598, refused at 599 with the documented `invalid_token`, and a new
    /// token works again.
    func testTokenExpiresAfter599Seconds() throws {
        let token = try harness.token()
        harness.clock.advance(seconds: 598)
        XCTAssertEqual(try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: token).status, 200)
        harness.clock.advance(seconds: 1)
        let expired = try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: token)
        try harness.assertDetail(expired, status: 401, error: "invalid_token")
        XCTAssertEqual(try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: try harness.token()).status, 200)
    }

    /// The 1.0.0 spec's `?access_token=` works by default, and not when only the Bearer
    /// header is configured.
    func testTokenInQueryParameterAsConfigured() async throws {
        let token = try harness.token()
        XCTAssertEqual(try harness.request("POST", "/api/v1/customerApplications/do-search?access_token=\(token)", body: "{}").status, 200)
        await harness.stop()
        harness = try SmartCreditHarness { $0.tokenPlacements = [.bearerHeader] }
        let bearerOnly = try harness.token()
        try harness.assertDetail(try harness.request("POST", "/api/v1/customerApplications/do-search?access_token=\(bearerOnly)", body: "{}"),
                                 status: 401, error: "invalid_token")
        XCTAssertEqual(try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: bearerOnly).status, 200)
    }

    /// A required scope the token lacks: 403 `{errorCode, message}`.
    func testMissingRequiredScopeIs403WithErrorCode() async throws {
        await harness.stop()
        harness = try SmartCreditHarness { $0.requiredScope = "api.epos-emerchant-initiate-customer-application.v1" }
        let reply = try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: try harness.token())
        XCTAssertEqual(reply.status, 403, reply.text)
        XCTAssertEqual(try harness.json(reply)["errorCode"] as? Int, 403)
        XCTAssertNotNil(try harness.json(reply)["message"] as? String)
    }

    /// A revoked token is refused before its lifetime ends; a new one works.
    func testRevokedTokenIsInvalid() throws {
        let token = try harness.token()
        harness.simulator.revokeTokens()
        try harness.assertDetail(try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: token),
                                 status: 401, error: "invalid_token")
        XCTAssertEqual(try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: try harness.token()).status, 200)
    }
}
