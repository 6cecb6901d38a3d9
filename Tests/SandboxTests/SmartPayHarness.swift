import Foundation
import HTTP
import KassaTestSupport
import Sandbox
import XCTest

/// The SmartPay simulator mounted under `/sandbox/smartpay` on a real server on a loopback port.
final class SmartPayHarness {
    static let prefix = "/sandbox/smartpay"

    let simulator: SmartPaySimulator
    let server: HTTPServer
    let clock: ManualDate

    init(_ adjust: (inout SmartPaySimulator.Configuration) -> Void = { _ in }) throws {
        let clock = ManualDate()
        var configuration = SmartPaySimulator.Configuration()
        configuration.now = { clock.now }
        configuration.webhookRetryDelays = [.milliseconds(10), .milliseconds(20)]
        adjust(&configuration)
        simulator = SmartPaySimulator(configuration: configuration)
        var router = Router()
        simulator.register(on: &router, prefix: Self.prefix)
        server = HTTPServer(configuration: .forTests, responder: router)
        try server.start()
        self.clock = clock
    }

    func stop() async {
        simulator.shutdown()
        await server.shutdown()
    }

    /// `Authorization: Basic` with the sandbox account.
    static let basic = "Basic " + Data(SmartPaySeedFixtures.basicCredentials.utf8).base64EncodedString()

    /// One request on a new connection; `path` is below the prefix. `authorization` nil sends none.
    func request(_ method: String, _ path: String, body: String? = nil, authorization: String? = SmartPayHarness.basic,
                 headers: [String: String] = [:], contentType: String = "application/json",
                 timeout: Double = 5) throws -> RawClient.Reply {
        var text = "\(method) \(Self.prefix)\(path) HTTP/1.1\r\nHost: api.smartpay.example\r\nAccept-Language: en-US\r\n"
        if let authorization { text += "Authorization: \(authorization)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        if let body {
            text += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "Content-Type: application/json\r\nContent-Length: 0\r\n\r\n"
        }
        let client = try RawClient(port: server.port, timeout: timeout)
        client.send(text)
        return try client.readResponse()
    }

    /// A Bearer token for the sandbox client.
    func token() throws -> String {
        let reply = try request("POST", "/oauth2/token", body: SmartPaySeedFixtures.tokenRequest, authorization: nil,
                                contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(reply.status, 200, reply.text)
        return try XCTUnwrap(json(reply)["access_token"] as? String)
    }

    /// Creates a checkout from `body` and answers `(transactionId, checkoutToken)`.
    func create(_ body: String = SmartPaySeedFixtures.createRequest, file: StaticString = #filePath, line: UInt = #line) throws -> (id: String, token: String) {
        let reply = try request("POST", "/payment/creation", body: body)
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        let object = try json(reply)
        return (try XCTUnwrap(object["transactionId"] as? String), try XCTUnwrap(object["checkoutToken"] as? String))
    }

    /// Reads a transaction's status.
    func status(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let reply = try request("GET", "/payment/status/\(id)")
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        return try json(reply)
    }

    /// The widget's payment with `outcome` on `token` (what the card form's script posts).
    func pay(_ token: String, _ outcome: String, headers: [String: String] = [:]) throws -> RawClient.Reply {
        try request("POST", "/widget/payments", body: #"{"checkoutToken": "\#(token)", "outcome": "\#(outcome)"}"#,
                    authorization: nil, headers: headers)
    }

    /// `POST /payment/{operation}` for `id` with `modificationId` and an optional decimal amount.
    func modify(_ operation: String, _ id: String, modificationID: String, amount: String? = nil, currency: String = "EUR",
                headers: [String: String] = [:], timeout: Double = 5) throws -> RawClient.Reply {
        let modified = amount.map { #", "modifiedAmount": {"amount": \#($0), "currencyCode": "\#(currency)"}"# } ?? ""
        let body = #"{"transactionId": "\#(id)", "merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "modificationId": "\#(modificationID)"\#(modified)}"#
        return try request("POST", "/payment/\(operation)", body: body, headers: headers, timeout: timeout)
    }

    /// The simulator's error body: `{"errorCode", "message", "field"?, "requestTime"}`.
    func assertError(_ reply: RawClient.Reply, status: Int, code: String, field: String? = nil,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(reply.status, status, reply.text, file: file, line: line)
        let body = try json(reply)
        XCTAssertEqual(body["errorCode"] as? String, code, reply.text, file: file, line: line)
        XCTAssertNotNil(body["message"] as? String, file: file, line: line)
        XCTAssertNotNil(body["requestTime"] as? String, file: file, line: line)
        if let field { XCTAssertEqual(body["field"] as? String, field, reply.text, file: file, line: line) }
    }

    func json(_ reply: RawClient.Reply) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], reply.text)
    }
}

/// A test case with the simulator on a live socket.
class SmartPayTestCase: XCTestCase {
    var harness: SmartPayHarness!

    override func setUp() async throws {
        harness = try SmartPayHarness()
    }

    override func tearDown() async throws { await harness?.stop() }
}
