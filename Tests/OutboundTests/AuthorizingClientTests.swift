import XCTest
import Crypto
@testable import Outbound

/// Live tests of the OAuth2 flow: token cache, single flight, 401 refresh-retry-once.
final class AuthorizingClientTests: LoopbackTestCase {
    /// A clock the test moves by hand.
    private let clock = Locked(Duration.zero)

    /// A token endpoint that issues tok-1, tok-2, … and an API that accepts only the tokens in `accepted`.
    private func scriptProvider(tokenDelay: Double = 0, expiresIn: Int = 1200, accepted: @escaping @Sendable (String) -> Bool) {
        let issued = Locked(0)
        server.route("/oauth/token") { _ in
            .respond(body: Array(#"{"access_token":"tok-\#(issued.next())","expires_in":\#(expiresIn),"token_type":"bearer"}"#.utf8),
                     delay: tokenDelay)
        }
        server.route("/api/v2/Smart/Transactions") { request in
            let token = request.header("Authorization")?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
            return accepted(token) ? .respond(status: 200, body: Array(token.utf8)) : .respond(status: 401)
        }
    }

    private func makeClient() -> AuthorizingClient {
        let clock = self.clock
        let cache = TokenCache(endpoint: .secuconnect(baseURL: server.baseURL, clientID: "id", clientSecret: "secret"),
                               client: client, now: { clock.current })
        return AuthorizingClient(client: client, authorization: .oauth2(cache))
    }

    private var apiRequest: OutboundRequest {
        OutboundRequest(method: .post, url: server.baseURL + "/api/v2/Smart/Transactions", body: Array("{}".utf8))
    }

    func testConcurrentCallersShareOneTokenFetch() async throws {
        scriptProvider(tokenDelay: 0.2) { $0 == "tok-1" }
        let authorizing = makeClient()
        let request = apiRequest
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await authorizing.send(request).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(statuses, Array(repeating: 200, count: 20))
        XCTAssertEqual(server.requestCount("/oauth/token"), 1, "single flight: one token request for 20 callers")
        XCTAssertEqual(server.requestCount("/api/v2/Smart/Transactions"), 20)
    }

    func testTokenIsReusedUntilShortlyBeforeExpiryThenRefetched() async throws {
        scriptProvider(expiresIn: 1200) { _ in true }
        let authorizing = makeClient()
        let first = try await authorizing.send(apiRequest).bodyText
        clock.withLock { $0 += .seconds(1169) }
        let second = try await authorizing.send(apiRequest).bodyText
        XCTAssertEqual([first, second], ["tok-1", "tok-1"])
        XCTAssertEqual(server.requestCount("/oauth/token"), 1)
        clock.withLock { $0 += .seconds(1) }
        let third = try await authorizing.send(apiRequest).bodyText
        XCTAssertEqual(third, "tok-2")
        XCTAssertEqual(server.requestCount("/oauth/token"), 2)
    }

    func testA401RefreshesTheTokenOnceAndRetriesTheCallOnce() async throws {
        scriptProvider { $0 == "tok-2" }  // the first token has been revoked early
        let response = try await makeClient().send(apiRequest)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, "tok-2")
        XCTAssertEqual(server.requestCount("/oauth/token"), 2)
        XCTAssertEqual(server.requests("/api/v2/Smart/Transactions").map { $0.header("Authorization") },
                       ["Bearer tok-1", "Bearer tok-2"])
    }

    func testAPersistent401IsReturnedAfterExactlyOneRetry() async throws {
        scriptProvider { _ in false }
        let response = try await makeClient().send(apiRequest)
        XCTAssertEqual(response.status, 401)
        XCTAssertEqual(server.requestCount("/api/v2/Smart/Transactions"), 2)
        XCTAssertEqual(server.requestCount("/oauth/token"), 2)
    }

    func testRejectedCredentialsFailWithAConfigurationErrorAndNoRetryLoop() async throws {
        server.route("/oauth/token", .respond(status: 401, body: Array(#"{"error":"invalid_client"}"#.utf8)))
        server.route("/api/v2/Smart/Transactions", .respond(status: 200))
        do {
            _ = try await makeClient().send(apiRequest)
            XCTFail("expected a configuration error")
        } catch let error as OAuthError {
            XCTAssertTrue(error.isConfigurationError)
            XCTAssertEqual(error.provider, "secuconnect")
            XCTAssertFalse(error.isOutcomeUnknown, "the API call was never sent")
        }
        XCTAssertEqual(server.requestCount("/oauth/token"), 1)
        XCTAssertEqual(server.requestCount("/api/v2/Smart/Transactions"), 0)
    }

    func testTransientTokenEndpointFailuresAreRetriedWithBackOff() async throws {
        let attempts = Locked(0)
        server.route("/oauth/token") { _ in
            attempts.next() < 3 ? .respond(status: 503) : .respond(body: Array(#"{"access_token":"tok","expires_in":60}"#.utf8))
        }
        server.route("/api/v2/Smart/Transactions", .respond(status: 200))
        let delays = Locked<[Duration]>([])
        let cache = TokenCache(endpoint: .secuconnect(baseURL: server.baseURL, clientID: "id", clientSecret: "secret"),
                               client: client, retryDelays: [.milliseconds(250), .seconds(1)],
                               sleep: { delays.append($0) })
        let status = try await AuthorizingClient(client: client, authorization: .oauth2(cache)).send(apiRequest).status
        XCTAssertEqual(status, 200)
        XCTAssertEqual(server.requestCount("/oauth/token"), 3)
        XCTAssertEqual(delays.current, [.milliseconds(250), .seconds(1)])
    }

    func testTokenEndpointStillFailingAfterTheBackOffFailsTheCall() async throws {
        server.route("/oauth/token", .respond(status: 502))
        let delays = Locked<[Duration]>([])
        let cache = TokenCache(endpoint: .secuconnect(baseURL: server.baseURL, clientID: "id", clientSecret: "secret"),
                               client: client, retryDelays: [.milliseconds(250)], sleep: { delays.append($0) })
        do {
            _ = try await cache.token()
            XCTFail("expected the endpoint failure")
        } catch let error as OAuthError {
            XCTAssertEqual(error.status, 502)
            XCTAssertFalse(error.isConfigurationError)
        }
        XCTAssertEqual(server.requestCount("/oauth/token"), 2)
        XCTAssertEqual(delays.current, [.milliseconds(250)])
    }

    func testCustomRejectionPredicateCoversSecuconnects403Code2003() async throws {
        let issued = Locked(0)
        server.route("/oauth/token") { _ in .respond(body: Array(#"{"access_token":"tok-\#(issued.next())","expires_in":1200}"#.utf8)) }
        server.route("/api/v2/Smart/Transactions") { request in
            request.header("Authorization") == "Bearer tok-2"
                ? .respond(status: 200)
                : .respond(status: 403, body: Array(#"{"status":"error","error":"ProductNotAllowedException","code":2003}"#.utf8))
        }
        let cache = TokenCache(endpoint: .secuconnect(baseURL: server.baseURL, clientID: "id", clientSecret: "secret"), client: client)
        let authorizing = AuthorizingClient(client: client, authorization: .oauth2(cache) { response in
            response.status == 401 || (response.status == 403 && response.bodyText.contains("\"code\":2003"))
        })
        let status = try await authorizing.send(apiRequest).status
        XCTAssertEqual(status, 200)
        XCTAssertEqual(server.requestCount("/oauth/token"), 2)
    }

    func testBasicSchemeSendsBase64CredentialsWithoutATokenCall() async throws {
        server.route("/checkout", .respond(status: 200))
        // SmartPay Basic scheme (seed 001): base64(merchantKey:authenticationKey).
        let authorizing = AuthorizingClient(client: client, authorization: .basic(username: "merchantKey", password: "authKey"),
                                            defaultTimeouts: .init(total: .seconds(90)))
        _ = try await authorizing.send(OutboundRequest(method: .post, url: server.baseURL + "/checkout"))
        XCTAssertEqual(server.requests("/checkout").first?.header("Authorization"),
                       "Basic " + Base64.encode(Array("merchantKey:authKey".utf8)))
        XCTAssertEqual(server.requestCount("/oauth/token"), 0)
    }
}
