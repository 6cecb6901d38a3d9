import XCTest
@testable import Outbound

/// The log hook: method, host, path, status, duration; never credentials.
final class OutboundLoggingTests: XCTestCase {
    private let secret = "S3cr3tValue-9f2c"
    private let token = "tok_Zx81-secret-token"

    private func exercise(logsBodies: Bool) async throws -> [OutboundLogRecord] {
        let server = try LoopbackServer()
        let capture = Locked<[OutboundLogRecord]>([])
        let client = OutboundClient(configuration: .init(logHandler: { capture.append($0) }, logsBodies: logsBodies))
        defer { client.shutdown(); server.stop() }
        server.route("/oauth/token", .respond(body: Array(#"{"access_token":"\#(token)","expires_in":1200}"#.utf8)))
        server.route("/api/v2/Smart/Transactions", .respond(status: 201, body: Array(#"{"id":"STX_1"}"#.utf8)))
        _ = try await client.send(OutboundRequest(
            method: .post, url: server.baseURL + "/oauth/token?client_secret=\(secret)",
            headers: ["Content-Type": "application/json"],
            body: Array(#"{"grant_type":"client_credentials","client_id":"0056","client_secret":"\#(secret)"}"#.utf8)))
        _ = try await client.send(OutboundRequest(
            method: .post, url: server.baseURL + "/api/v2/Smart/Transactions",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
            body: Array(#"{"card_number":"4111111111111111","cvc":"737"}"#.utf8)))
        return capture.current
    }

    func testRecordsCarryMethodHostPathStatusAndDurationButNoBodiesByDefault() async throws {
        let records = try await exercise(logsBodies: false)
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[1].method, "POST")
        XCTAssertEqual(records[1].host, "127.0.0.1")
        XCTAssertEqual(records[1].path, "/api/v2/Smart/Transactions")
        XCTAssertEqual(records[1].status, 201)
        XCTAssertGreaterThan(records[1].duration, .zero)
        XCTAssertNil(records[1].requestBody)
        XCTAssertNil(records[1].responseBody)
        XCTAssertEqual(records[0].path, "/oauth/token", "the query string is never logged")
    }

    func testSecretsNeverAppearInCapturedLogOutputEvenWithBodyLogging() async throws {
        let records = try await exercise(logsBodies: true)
        // Every textual field (the duration is left out: its digits could match by chance).
        let output = records.map { [$0.method, $0.host, $0.path, $0.error ?? "", $0.requestBody ?? "", $0.responseBody ?? ""]
            .joined(separator: " ") }.joined(separator: "\n")
        XCTAssertTrue(output.contains("client_credentials"), "bodies are logged in debug mode")
        for forbidden in [secret, token, "4111111111111111", "737"] {
            XCTAssertFalse(output.contains(forbidden), "\(forbidden) leaked into: \(output)")
        }
    }

    func testFailuresAreLoggedWithTheirShortDescription() async throws {
        let server = try LoopbackServer()
        let capture = Locked<[OutboundLogRecord]>([])
        let client = OutboundClient(configuration: .init(logHandler: { capture.append($0) }))
        defer { client.shutdown(); server.stop() }
        server.route("/drop", .close)
        _ = try? await client.send(OutboundRequest(method: .get, url: server.baseURL + "/drop"))
        XCTAssertEqual(capture.current.first?.error, "connection_lost_after_send")
        XCTAssertNil(capture.current.first?.status)
    }
}
