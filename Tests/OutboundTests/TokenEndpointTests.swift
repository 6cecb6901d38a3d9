import XCTest
import Crypto
@testable import Outbound

/// The four wire variants of the token request, exactly as the seeds show them.
final class TokenEndpointTests: XCTestCase {
    private func json(_ bytes: [UInt8]) -> [String: String]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: String]
    }

    func testSecuconnectPostsJSONCredentials() {
        // Seed 002, step 1: the example credentials.
        let request = TokenEndpoint.secuconnect(baseURL: "https://connect-testing.secupay-ag.de/",
                                                clientID: "00563697073442633035025909838580",
                                                clientSecret: "3382456441636938321687549172178382320163695870914358804052148567").makeRequest()
        XCTAssertEqual(request.method, .post)
        XCTAssertEqual(request.url, "https://connect-testing.secupay-ag.de/oauth/token")
        XCTAssertEqual(request.headers["Content-Type"], "application/json")
        XCTAssertEqual(request.headers["Accept"], "application/json")
        XCTAssertNil(request.headers["Authorization"])
        XCTAssertEqual(json(request.body), ["grant_type": "client_credentials", "client_id": "00563697073442633035025909838580",
                                            "client_secret": "3382456441636938321687549172178382320163695870914358804052148567"])
    }

    func testSmartPayPostsFormCredentials() {
        let request = TokenEndpoint.smartPay(tokenURL: "https://smartpay-oauth-cons.auth.eu-central-1.amazoncognito.com/oauth2/token",
                                             clientID: "cid", clientSecret: "s&cret=1").makeRequest()
        XCTAssertEqual(request.url, "https://smartpay-oauth-cons.auth.eu-central-1.amazoncognito.com/oauth2/token")
        XCTAssertEqual(request.headers["Content-Type"], "application/x-www-form-urlencoded")
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                       "client_id=cid&client_secret=s%26cret%3D1&grant_type=client_credentials")
    }

    func testSGConnectPutsGrantAndScopeInQueryAndCredentialsInBasic() {
        let request = TokenEndpoint.sgConnect(baseURL: "https://sso.sgmarkets.com", clientID: "myclientid",
                                              clientSecret: "myclientsecret", scope: "fooscope barscope").makeRequest()
        // Seed 000's example request line, verbatim.
        XCTAssertEqual(request.url, "https://sso.sgmarkets.com/sgconnect/oauth2/access_token?grant_type=client_credentials&scope=fooscope+barscope")
        // The seed's Basic value decodes to "myclientid:myclientsecret\n" (an echo artefact); ours has no newline.
        XCTAssertEqual(request.headers["Authorization"], "Basic bXljbGllbnRpZDpteWNsaWVudHNlY3JldA==")
        XCTAssertEqual(Base64.decode("bXljbGllbnRpZDpteWNsaWVudHNlY3JldAo="), Array("myclientid:myclientsecret\n".utf8))
        XCTAssertEqual(request.headers["Content-Type"], "application/x-www-form-urlencoded")
        XCTAssertTrue(request.body.isEmpty)
        XCTAssertNil(request.tls)
    }

    func testSGConnectWithMutualTLSSendsTheCertificateAndNoBasic() {
        let tls = OutboundTLS(certificatePath: "/run/secrets/sg.crt", privateKeyPath: "/run/secrets/sg.key")
        let request = TokenEndpoint.sgConnect(baseURL: "https://sso.sgmarkets.com", clientID: "myclientid",
                                              scope: "openid api.epos", certificate: tls).makeRequest()
        XCTAssertNil(request.headers["Authorization"])
        XCTAssertEqual(request.tls, tls)
        XCTAssertEqual(request.url, "https://sso.sgmarkets.com/sgconnect/oauth2/access_token?grant_type=client_credentials&scope=openid+api.epos&client_id=myclientid")
    }

    func testPledgBackOfficeUsesBasicAndFormGrant() {
        let request = TokenEndpoint.pledgBackOffice(backURL: "https://back.ecard.pledg.co", apiKey: "key", apiSecret: "secret").makeRequest()
        XCTAssertEqual(request.url, "https://back.ecard.pledg.co/api/token")
        XCTAssertEqual(request.headers["Authorization"], "Basic " + Base64.encode(Array("key:secret".utf8)))
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), "grant_type=client_credentials")
    }

    func testTokenAnswerIsParsedWithItsLifetime() throws {
        let endpoint = TokenEndpoint.secuconnect(baseURL: "https://x", clientID: "a", clientSecret: "b")
        let token = try endpoint.parseToken(OutboundResponse(status: 200, body: Array(
            #"{"access_token":"qb56tjj1bcvo9n2nj4u38k84lo","expires_in":1200,"token_type":"bearer","scope":"https://scope.secucard.com/e/api"}"#.utf8)))
        XCTAssertEqual(token.value, "qb56tjj1bcvo9n2nj4u38k84lo")
        XCTAssertEqual(token.lifetime, .seconds(1200))
        let noExpiry = try endpoint.parseToken(OutboundResponse(status: 200, body: Array(#"{"access_token":"t"}"#.utf8)))
        XCTAssertEqual(noExpiry.lifetime, .seconds(300))
    }

    func testRejectedCredentialsAreAConfigurationErrorNamingTheProvider() {
        let endpoint = TokenEndpoint.pledgBackOffice(backURL: "https://x", apiKey: "key", apiSecret: "TopSecret42")
        for status in [400, 401] {
            XCTAssertThrowsError(try endpoint.parseToken(OutboundResponse(status: status, body: Array(#"{"error":"invalid_client"}"#.utf8)))) { error in
                let oauth = error as? OAuthError
                XCTAssertEqual(oauth?.isConfigurationError, true)
                XCTAssertEqual(oauth?.provider, "pledg")
                XCTAssertEqual(oauth?.oauthErrorCode, "invalid_client")
                let text = String(describing: error)
                XCTAssertTrue(text.contains("pledg"), text)
                XCTAssertTrue(text.contains("configuration"), text)
                XCTAssertFalse(text.contains("TopSecret42"), text)
            }
        }
        XCTAssertFalse(String(describing: endpoint).contains("TopSecret42"))
    }

    func testOtherFailuresAreNotConfigurationErrors() {
        let endpoint = TokenEndpoint.smartPay(tokenURL: "https://x/oauth2/token", clientID: "a", clientSecret: "b")
        XCTAssertThrowsError(try endpoint.parseToken(OutboundResponse(status: 503))) {
            XCTAssertEqual(($0 as? OAuthError)?.isConfigurationError, false)
        }
        XCTAssertThrowsError(try endpoint.parseToken(OutboundResponse(status: 200, body: Array(#"{"access_token":"t","token_type":"mac"}"#.utf8)))) {
            XCTAssertEqual(($0 as? OAuthError)?.shortDescription, "oauth_invalid_token_response")
        }
    }
}
