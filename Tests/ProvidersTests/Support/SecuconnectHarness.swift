import Foundation
import HTTP
import KassaTestSupport
import Outbound
import Payments
import Providers
import Sandbox
import Synchronization
import XCTest

/// Forwards to the real client and remembers every request's method and URL.
final class RecordingSender: OutboundSending {
    private let recorded = Mutex<[OutboundRequest]>([])
    let client: any OutboundSending

    init(_ client: any OutboundSending) { self.client = client }

    var requests: [OutboundRequest] { recorded.withLock { $0 } }

    func count(pathSuffix: String) -> Int { requests.filter { $0.url.hasSuffix(pathSuffix) }.count }

    func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        recorded.withLock { $0.append(request) }
        return try await client.send(request)
    }
}

/// Answers canned responses by URL suffix (for answers the simulator never gives).
struct CannedSender: OutboundSending {
    var answers: [(suffix: String, response: OutboundResponse)]

    func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        guard let answer = answers.first(where: { request.url.hasSuffix($0.suffix) }) else { throw OutboundError.couldNotConnect }
        return answer.response
    }
}

/// The simulator's push transport for tests: keeps every push instead of posting it.
final class CapturedPushes: SimulatorPushTransport {
    private let pushes = Mutex<[(url: String, body: [UInt8])]>([])

    var received: [(url: String, body: [UInt8])] { pushes.withLock { $0 } }

    func post(url: String, body: [UInt8], contentType: String) async -> Int? {
        pushes.withLock { $0.append((url, body)) }
        return 200
    }
}

/// The secuconnect simulator on a real loopback socket, under `/sandbox/secuconnect`, and
/// one outbound client; adapters are made against it.
class SecuconnectTestCase: XCTestCase {
    static let prefix = "/sandbox/secuconnect"
    static let seedClientID = "00563697073442633035025909838580"
    static let seedClientSecret = "3382456441636938321687549172178382320163695870914358804052148567"
    static let seedContractID = "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04"
    static let seedTemplate = "COT_WD0DE66HN2XWJHW8JM88003YG0NEA2"

    var simulator: SecuconnectSimulator!
    var server: HTTPServer!
    var outbound: OutboundClient!
    var sender: RecordingSender!
    let clock = ManualDate()
    let pushes = CapturedPushes()

    override func setUp() async throws {
        var configuration = SecuconnectSimulator.Configuration()
        configuration.now = { [clock] in clock.now }
        configuration.timeoutHold = .seconds(10)
        configuration.pushTransport = pushes
        configuration.allowedURLOrigins = ["https://kassa.example.com"]
        simulator = SecuconnectSimulator(configuration: configuration)
        var router = Router()
        simulator.register(on: &router, prefix: Self.prefix)
        server = HTTPServer(configuration: .forTests, responder: router)
        try server.start()
        outbound = OutboundClient()
        sender = RecordingSender(outbound)
    }

    override func tearDown() async throws {
        simulator.shutdown()
        await server.shutdown()
        outbound.shutdown()
    }

    var baseURL: String { "http://127.0.0.1:\(server.port)\(Self.prefix)" }

    /// The seeds' example account against the simulator.
    func configuration(autoCapture: Bool = true, clientSecret: String = seedClientSecret, fault: String? = nil,
                       timeouts: OutboundTimeouts = OutboundTimeouts(total: .seconds(5), connect: .seconds(2))) -> SecuconnectProvider.Configuration {
        SecuconnectProvider.Configuration(baseURL: baseURL, clientID: Self.seedClientID, clientSecret: clientSecret,
                                          contractID: Self.seedContractID, isDemo: true, checkoutTemplate: Self.seedTemplate,
                                          autoCapture: autoCapture, timeouts: timeouts,
                                          extraHeaders: fault.map { ["X-Sandbox-Fault": $0] } ?? [:], tokenRetryDelays: [])
    }

    func makeProvider(autoCapture: Bool = true, clientSecret: String = seedClientSecret, fault: String? = nil,
                      timeouts: OutboundTimeouts = OutboundTimeouts(total: .seconds(5), connect: .seconds(2))) -> SecuconnectProvider {
        SecuconnectProvider(configuration: configuration(autoCapture: autoCapture, clientSecret: clientSecret, fault: fault, timeouts: timeouts),
                            client: sender)
    }

    /// Seed 002's order: 2 × 15.95 + 17.95 − 5.00 coupon = 44.85 EUR.
    static func seed002Request(method: String? = nil, locale: String? = nil, checkoutID: CheckoutID = .generate()) -> ProviderCheckoutRequest {
        let items = [
            ProviderCheckoutRequest.LineItem(reference: "1", name: "ACME ball pen Modern Line 8050", quantity: 2, unitAmount: 1595, taxRate: 19, kind: .article),
            ProviderCheckoutRequest.LineItem(reference: "2", name: "ACME pen case Modern Line", quantity: 1, unitAmount: 1795, taxRate: 19, kind: .article),
            ProviderCheckoutRequest.LineItem(reference: "3", name: "Coupon €5.00", quantity: 1, unitAmount: 500, taxRate: 19, kind: .coupon),
        ]
        let customer = ProviderCheckoutRequest.Customer(
            email: "max@example.org", firstName: "Max", lastName: "Mustermann", phone: "+49 555 5555555", birthDate: "1965-12-31",
            address: .init(street: "Musterstr.", streetNumber: "11", postalCode: "09123", city: "Musterstadt", country: "DE"))
        return ProviderCheckoutRequest(
            checkoutID: checkoutID, method: method,
            order: .init(reference: "order_123", amount: Money(minorUnits: 4485, currency: .eur), description: nil, items: items),
            customer: customer,
            returnURLs: .init(success: "https://kassa.example.com/v1/return/secuconnect/\(checkoutID)?outcome=success",
                              failure: "https://kassa.example.com/v1/return/secuconnect/\(checkoutID)?outcome=error",
                              cancel: "https://kassa.example.com/v1/return/secuconnect/\(checkoutID)?outcome=abort"),
            notificationURL: "https://kassa.example.com/v1/webhooks/secuconnect", locale: locale)
    }

    /// The stored checkout the service would hand back to the adapter.
    static func checkout(for request: ProviderCheckoutRequest, _ created: ProviderCheckout, status: Checkout.Status? = nil,
                         data: [String: String] = [:], refunded: Int64 = 0) -> Checkout {
        Checkout(id: request.checkoutID, orderReference: request.order.reference, provider: .secuconnect, method: request.method,
                 amount: request.order.amount, status: status ?? created.status, providerStatus: created.providerStatus,
                 providerReference: created.providerReference, providerData: created.data.merging(data) { $1 },
                 refundedMinorUnits: refunded, createdAt: Date(), updatedAt: Date())
    }

    /// The hosted page's button (`approve`, `decline`, `abort`), posted like a browser.
    func pressOnHostedPage(_ stx: String, _ choice: String, method: String = "creditcard") throws -> RawClient.Reply {
        let body = "payment-method=\(method)"
        let client = try RawClient(port: server.port)
        client.send("POST \(Self.prefix)/pay/\(stx)/\(choice) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return try client.readResponse()
    }

    /// Creates seed 002's order, lets the buyer approve it on the hosted page and reads the
    /// status back: the checkout as the service then holds it, and the status it applied.
    func approvedCheckout(_ provider: SecuconnectProvider) async throws -> (checkout: Checkout, status: ProviderStatus) {
        let request = Self.seed002Request()
        let created = try await provider.createCheckout(request)
        let reply = try pressOnHostedPage(created.providerReference ?? "none", "approve")
        XCTAssertEqual(reply.status, 303, reply.text)
        let status = try await provider.fetchStatus(of: Self.checkout(for: request, created))
        return (Self.checkout(for: request, created, status: status.status, data: status.data), status)
    }

    /// Runs `body` and answers the `ProviderError` it throws (fails when it does not throw).
    func providerError<T>(_ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async -> ProviderError? {
        do {
            _ = try await body()
            XCTFail("expected a ProviderError", file: file, line: line)
            return nil
        } catch {
            guard let error = error as? ProviderError else {
                XCTFail("not a ProviderError: \(error)", file: file, line: line)
                return nil
            }
            return error
        }
    }
}
