import Foundation
import JSON
@testable import KassaService
import Outbound
import Synchronization
import XCTest

/// A whole Kassa service for a test: sandbox mode, a temp data dir with the real SQLite file,
/// bound to a free loopback port, talked to over real sockets through the outbound client.
final class ServiceHarness: @unchecked Sendable {
    let service: KassaService
    let client = OutboundClient()
    let dataDirectory: String
    let logLines = LogCollector()
    static let apiKey = "sk_sandbox_kassa"

    init(environment extra: [String: String] = [:], options: KassaService.Options = .init(),
         modules: [any ProviderModule] = ProviderModules.builtIn) throws {
        dataDirectory = NSTemporaryDirectory() + "kassa-service-\(UUID().uuidString)"
        // The shutdown grace as it was before it became configurable (the default, 100 s, outlasts a
        // provider timeout): a test whose teardown finds a connection still open waits 10 s, not 100.
        var environment = ["KASSA_PORT": "0", "KASSA_DATA_DIR": dataDirectory, "KASSA_STORE_SYNCHRONOUS": "normal",
                           "KASSA_HTTP_SHUTDOWN_GRACE_SECONDS": "10"]
        environment.merge(extra) { _, new in new }
        let report = KassaConfiguration.inspect(environment: environment, readFile: { _ in nil }, modules: modules)
        guard report.isValid else { throw ConfigurationError(problems: report.problems) }
        let configuration = report.configuration
        var options = options
        options.modules = modules
        let lines = logLines
        options.logSink = { line in lines.append(line) }
        service = try KassaService(configuration: configuration, options: options)
        try service.start()
    }

    var base: String { service.baseURL }

    /// A live-mode configuration with only a secuconnect account (the other providers off):
    /// `public_base_url` is the shop's domain, so tests reach the bound port directly.
    static let liveWithSecuconnectOnly = [
        "KASSA_MODE": "live", "KASSA_API_KEYS": "sk_live_0123456789abcdef0123", "KASSA_ADMIN_KEYS": "ak_live_0123456789abcdef0123",
        "KASSA_PUBLIC_BASE_URL": "https://pay.shop.example", "KASSA_PROVIDERS_SECUCONNECT_BASE_URL": "https://connect-testing.secupay-ag.de",
        "KASSA_PROVIDERS_SECUCONNECT_CLIENT_ID": "live-client", "KASSA_PROVIDERS_SECUCONNECT_CLIENT_SECRET": "live-secret",
        "KASSA_PROVIDERS_SECUCONNECT_CONTRACT_ID": "GCR_LIVE", "KASSA_PROVIDERS_SMARTPAY_ENABLED": "false",
        "KASSA_PROVIDERS_SMARTCREDIT_ENABLED": "false",
    ]

    /// Sends a request; `auth` adds the sandbox API key.
    func send(_ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = [],
              auth: Bool = true) async throws -> OutboundResponse {
        var fields = headers
        if auth { fields.append(("Authorization", "Bearer \(Self.apiKey)")) }
        if body != nil { fields.append(("Content-Type", "application/json")) }
        let url = path.hasPrefix("http") ? path : base + path
        return try await client.send(OutboundRequest(method: .init(method), url: url, headers: OutboundHeaders(fields),
                                                     body: Array((body ?? "").utf8)))
    }

    /// Sends and parses the JSON body, asserting the status.
    @discardableResult
    func json(_ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = [], auth: Bool = true,
              expect status: Int, file: StaticString = #filePath, line: UInt = #line) async throws -> JSONValue {
        let response = try await send(method, path, body: body, headers: headers, auth: auth)
        XCTAssertEqual(response.status, status, "\(method) \(path): \(response.bodyText)", file: file, line: line)
        XCTAssertNotNil(response.headers["X-Request-Id"], file: file, line: line)
        return try JSONValue.parse(response.body)
    }

    /// The checkout once `condition` holds, read every few milliseconds for up to `seconds`
    /// (a notification is processed after its 200, on another task); fails the test otherwise.
    @discardableResult
    func checkout(_ id: String, within seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line,
                  until condition: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try await json("GET", "/v1/checkouts/\(id)", expect: 200, file: file, line: line)
        while !condition(last), Date() < deadline {
            try await Task.sleep(for: .milliseconds(5))
            last = try await json("GET", "/v1/checkouts/\(id)", expect: 200, file: file, line: line)
        }
        XCTAssertTrue(condition(last), "checkout \(id) never reached the expected state: \(last)", file: file, line: line)
        return last
    }

    /// The value of the unlabelled sample `name` in `/metrics`, or nil when it is not there.
    func metric(_ name: String) async throws -> String? {
        let text = try await send("GET", "/metrics", auth: false).bodyText
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count + 1)) }
    }

    func shutdown() async {
        await service.shutdown()
        client.shutdown()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }
}

/// A valid checkout body for secuconnect, with a unique order reference.
func checkoutBody(reference: String = "order_\(UUID().uuidString.prefix(8))", amount: Int = 4485, extra: String = "",
                  items: String? = nil) -> String {
    let lines = items ?? """
    [{"reference":"p1","name":"Shirt","quantity":2,"unit_amount":1995,"tax_rate":19,"type":"article"},
     {"reference":"s","name":"Shipping","quantity":1,"unit_amount":495,"tax_rate":19,"type":"shipping"}]
    """
    return """
    {"provider":"secuconnect","order":{"reference":"\(reference)","amount":\(amount),"currency":"EUR",
     "description":"Test order","items":\(lines)},
     "customer":{"email":"max@example.com","first_name":"Max","last_name":"Muster",
                 "address":{"street":"Hauptstr.","street_number":"1","postal_code":"10115","city":"Berlin","country":"DE"}},
     "return_urls":{"success":"https://shop.example/ok","failure":"https://shop.example/failed","cancel":"https://shop.example/cancel"},
     "locale":"de-DE"\(extra)}
    """
}

extension JSONValue {
    /// The string at a dotted path (`next_action.url`), or nil.
    func text(_ path: String) -> String? { at(path)?.stringValue }
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current
    }
}

/// Log lines collected from the service.
final class LogCollector: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
