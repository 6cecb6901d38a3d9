import Foundation
import HTTP
import KassaTestSupport
import Sandbox
import XCTest

/// The simulator mounted under `/sandbox/secuconnect` on a real server on a loopback port.
final class SimulatorHarness {
    static let prefix = "/sandbox/secuconnect"

    let simulator: SecuconnectSimulator
    let server: HTTPServer
    let clock: ManualDate

    init(_ adjust: (inout SecuconnectSimulator.Configuration) -> Void = { _ in }) throws {
        let clock = ManualDate()
        var configuration = SecuconnectSimulator.Configuration()
        configuration.now = { clock.now }
        configuration.pushRetryDelays = [.milliseconds(10), .milliseconds(20)]
        // The seeds' shop; tests that refuse other origins reset this.
        configuration.allowedURLOrigins = ["https://shop.example.com"]
        adjust(&configuration)
        simulator = SecuconnectSimulator(configuration: configuration)
        server = try startSimulatorServer(prefix: Self.prefix, simulator.register)
        self.clock = clock
    }

    func stop() async {
        simulator.shutdown()
        await server.shutdown()
    }

    /// One request on a new connection; `path` is below the prefix.
    func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil,
                 headers: [String: String] = [:], contentType: String = "application/json",
                 timeout: Double = 5) throws -> RawClient.Reply {
        let lines = ["Host: connect-testing.secuconnect.com", "Accept: application/json"] + (token.map { ["Authorization: Bearer \($0)"] } ?? [])
        return try loopbackRequest(port: server.port, method, Self.prefix + path, lines: lines, headers: headers, body: body,
                                   contentType: contentType, timeout: timeout)
    }

    /// A token for the seed's example client.
    func token() throws -> String {
        let reply = try request("POST", "/oauth/token", body: SeedFixtures.oauthRequest004)
        XCTAssertEqual(reply.status, 200, reply.text)
        return try XCTUnwrap(json(reply)["access_token"] as? String)
    }

    /// Creates a Smart Transaction from `body` and answers its JSON.
    func create(_ body: String, token: String) throws -> [String: Any] {
        let reply = try request("POST", "/api/v2/Smart/Transactions", body: body, token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return try json(reply)
    }

    /// Reads a Smart Transaction.
    func read(_ id: String, token: String) throws -> [String: Any] {
        let reply = try request("GET", "/api/v2/Smart/Transactions/\(id)", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return try json(reply)
    }

    /// Posts the hosted page's form for `choice` (approve, decline, abort).
    func checkout(_ stx: String, _ choice: String, method: String = "creditcard", headers: [String: String] = [:]) throws -> RawClient.Reply {
        try request("POST", "/pay/\(stx)/\(choice)", body: "payment-method=\(method)", headers: headers,
                    contentType: "application/x-www-form-urlencoded")
    }

    /// PROVIDERS.md A: `{"status":"error","error":…,"error_details":…,"error_user":…,"code":…,"supportId":…}`.
    func assertError(_ reply: RawClient.Reply, status: Int, error: String, code: Int? = nil,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(reply.status, status, reply.text, file: file, line: line)
        let body = try json(reply)
        XCTAssertEqual(body["status"] as? String, "error", file: file, line: line)
        XCTAssertEqual(body["error"] as? String, error, file: file, line: line)
        XCTAssertNotNil(body["error_details"] as? String, file: file, line: line)
        XCTAssertNotNil(body["error_user"] as? String, file: file, line: line)
        XCTAssertNotNil(body["code"] as? Int, file: file, line: line)
        XCTAssertNotNil(body["supportId"] as? String, file: file, line: line)
        if let code { XCTAssertEqual(body["code"] as? Int, code, file: file, line: line) }
    }

    func json(_ reply: RawClient.Reply) throws -> [String: Any] { try jsonObject(reply) }
}

/// A Smart Transaction request with a basket, return URLs and `auto_capture` as given.
func smartTransactionBody(sum: Int = 4485, autoCapture: Bool = false, pushURL: String? = nil, extra: String = "") -> String {
    let push = pushURL.map { #", "url_push": "\#($0)""# } ?? ""
    return #"""
    {"is_demo": true, "contract": {"id": "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04"}, "intent": "sale",
     "basket": {"products": [
       {"id": 1, "desc": "ACME ball pen Modern Line 8050", "priceOne": 1595, "tax": 19, "quantity": 2},
       {"id": 2, "desc": "ACME pen case Modern Line", "priceOne": 1795, "tax": 19, "quantity": 1},
       {"id": 3, "item_type": "coupon", "desc": "Coupon", "quantity": 1, "priceOne": 500, "tax": 19}]},
     "basket_info": {"sum": \#(sum), "currency": "EUR"},
     "application_context": {"return_urls": {"url_success": "https://shop.example.com/SUCCESS",
       "url_error": "https://shop.example.com/FAILURE", "url_abort": "https://shop.example.com/ABORT"\#(push)}},
     "payment_context": {"auto_capture": \#(autoCapture)}\#(extra)}
    """#
}
