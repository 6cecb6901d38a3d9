import Crypto
import Foundation
import HTTP
import KassaTestSupport
@testable import Sandbox
import XCTest

/// The Pledg simulator under `/sandbox/pledg` on a real server on a loopback port, with a
/// receiver for its notifications on another, and a manual clock.
final class PledgHarness {
    static let prefix = "/sandbox/pledg"
    /// The shop whose URLs the settings name (allowed origin).
    static let shop = "https://shop.example.com"

    let simulator: PledgSimulator
    let server: HTTPServer
    let receiver: PledgNotificationReceiver
    let clock: ManualDate

    init(failures: Int = 0, _ adjust: (inout PledgSimulator.Configuration) -> Void = { _ in }) throws {
        let clock = ManualDate()
        let receiver = try PledgNotificationReceiver(failures: failures)
        var configuration = PledgSimulator.Configuration()
        configuration.now = { clock.now }
        configuration.notificationTransport = SocketPushTransport()
        configuration.notificationRetryDelays = [.milliseconds(10), .milliseconds(20)]
        configuration.allowedURLOrigins = [Self.shop, receiver.origin]
        adjust(&configuration)
        simulator = PledgSimulator(configuration: configuration)
        var router = Router()
        simulator.register(on: &router, prefix: Self.prefix)
        server = HTTPServer(configuration: .forTests, responder: router)
        try server.start()
        self.clock = clock
        self.receiver = receiver
    }

    func stop() async {
        simulator.shutdown()
        await server.shutdown()
        await receiver.stop()
    }

    func account(_ type: PledgSimulator.PaymentType) -> PledgSimulator.Account {
        simulator.configuration.accounts.first { $0.paymentType == type }!
    }

    /// Plugin settings as Kassa would sign them for `type`'s account.
    func settings(_ type: PledgSimulator.PaymentType = .split, reference: String = "chk_test_1", amount: Any = 30550,
                  notify: Bool = true) -> [String: Any] {
        var data: [String: Any] = [
            "merchantUid": account(type).merchantUID, "amountCents": amount, "currency": "EUR",
            "email": "sales@pledg.co", "firstName": "Gaëlle", "lastName": "Guéguen", "title": "STAY IN LONDON",
            "subtitle": "Fly + Hotel 2 nights (3 rooms)", "reference": reference, "lang": "fr_FR",
            "civility": "Ms", "phoneNumber": "+33612345678",
            "address": ["street": "2, rue Frézier", "city": "Brest", "zipcode": "29200", "stateProvince": "Bretagne", "country": "FR"],
            "redirectUrl": Self.shop + "/return?ok", "cancelUrl": Self.shop + "/return?cancel",
        ]
        if notify { data["paymentNotificationUrl"] = receiver.url }
        return data
    }

    /// `jwt.sign({data}, secret, {expiresIn})` as seed 003's example does.
    func sign(_ data: [String: Any], secret: String = "SECRET", expiresIn: TimeInterval? = 86_400) -> String {
        var claims: [String: Any] = ["data": data]
        if let expiresIn { claims["exp"] = Int(clock.now.timeIntervalSince1970 + expiresIn) }
        let payload = try! JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        return JWT.signHS256(payload: Array(payload), secret: Array(secret.utf8))
    }

    /// One request on a new connection; `path` is below the prefix.
    func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:],
                 contentType: String = "application/json", timeout: Double = 5) throws -> RawClient.Reply {
        var text = "\(method) \(Self.prefix)\(path) HTTP/1.1\r\nHost: staging.front.ecard.pledg.co\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        if let body {
            text += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "Content-Length: 0\r\n\r\n"
        }
        let client = try RawClient(port: server.port, timeout: timeout)
        client.send(text)
        return try client.readResponse()
    }

    /// `GET /front/purchases?signature=…`.
    func front(_ signature: String, origin: String? = nil) throws -> RawClient.Reply {
        var path = "/front/purchases?signature=" + signature
        if let origin { path += "&origin=" + origin.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        return try request("GET", path)
    }

    /// Opens the funnel and answers the purchase uid shown on the page.
    func open(_ signature: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let reply = try front(signature)
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        let match = reply.text.range(of: "pur_[0-9a-f-]{36}", options: .regularExpression)
        return String(reply.text[try XCTUnwrap(match, file: file, line: line)])
    }

    /// Posts the page's button `outcome`.
    func choose(_ uid: String, _ outcome: String, origin: String? = nil, headers: [String: String] = [:]) throws -> RawClient.Reply {
        let body = origin.map { "origin=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? ""
        return try request("POST", "/front/purchases/\(uid)/\(outcome)", body: body, headers: headers,
                           contentType: "application/x-www-form-urlencoded")
    }

    /// A back-office token for the configured API key.
    func token() throws -> String {
        let basic = Data("sandbox_pledg_api_key:sandbox_pledg_api_secret".utf8).base64EncodedString()
        let reply = try request("POST", "/api/token", body: "grant_type=client_credentials", headers: ["Authorization": "Basic " + basic],
                                contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(reply.status, 200, reply.text)
        return try XCTUnwrap(try Self.json(reply)["access_token"] as? String)
    }

    static func json(_ reply: RawClient.Reply) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], reply.text)
    }
}

/// A server that records the notifications it receives (raw bodies); answers `failures`
/// 503s first.
final class PledgNotificationReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [[UInt8]] = []
    private var attempts = 0
    private let failures: Int
    let server: HTTPServer

    init(failures: Int = 0) throws {
        self.failures = failures
        var router = Router()
        let box = Box()
        router.on("POST", "/v1/webhooks/pledg") { request in box.receiver?.receive(request) ?? .json(500, "{}") }
        server = HTTPServer(configuration: .forTests, responder: router)
        box.receiver = self
        try server.start()
    }

    private final class Box: @unchecked Sendable { weak var receiver: PledgNotificationReceiver? }

    var origin: String { "http://127.0.0.1:\(server.port)" }
    var url: String { origin + "/v1/webhooks/pledg" }

    /// The bodies accepted so far, in arrival order.
    var bodies: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return received }
    /// Every POST, accepted or not.
    var attemptCount: Int { lock.lock(); defer { lock.unlock() }; return attempts }

    /// The accepted bodies as JSON objects.
    var notifications: [[String: Any]] {
        bodies.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    private func receive(_ request: Request) -> Response {
        lock.lock()
        defer { lock.unlock() }
        attempts += 1
        guard attempts > failures else { return .json(503, "{}") }
        received.append(request.body)
        return .json(200, "{}")
    }

    func stop() async { await server.shutdown() }
}
