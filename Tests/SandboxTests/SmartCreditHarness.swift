import Foundation
import HTTP
import KassaTestSupport
import Sandbox
import XCTest

/// Seed 000's example token request, verbatim but for the mount prefix and the request's
/// framing (`\r\n` line ends, the `Content-Length` the seed leaves out): the header
/// `Authorization: Basic bXljbGllbnRpZDpteWNsaWVudHNlY3JldAo=` decodes to
/// `myclientid:myclientsecret\n` (seeds/README.md).
enum SmartCreditSeed {
    static let exampleBasic = "bXljbGllbnRpZDpteWNsaWVudHNlY3JldAo="
    /// The sandbox account's header: `base64("myclientid:myclientsecret")`, no newline.
    static let sandboxBasic = Data("myclientid:myclientsecret".utf8).base64EncodedString()

    /// The example request with `authorization` as the Basic credentials.
    static func tokenRequest(prefix: String, authorization: String = exampleBasic) -> String {
        "POST \(prefix)/sgconnect/oauth2/access_token?grant_type=client_credentials&scope=fooscope+barscope HTTP/1.1\r\n"
            + "Host: sso.sgmarkets.com\r\n"
            + "Authorization: Basic \(authorization)\r\n"
            + "Origin: mydemoapp.fr.world.socgen\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 0\r\n\r\n"
    }

    /// The example response's members and values, but for the two tokens.
    static let exampleResponse = """
    {
      "access_token": "05ebf626-2e71-497b-b9d7-c9c7f2bebaf8",
      "scope": "fooscope barscope",
      "id_token": "eyAidHlwIjogIkpXVCIsICJr…K_f05Doop-7dJlT0yjnpmg",
      "token_type": "Bearer",
      "expires_in": 599
    }
    """
}

/// The SmartCredit simulator mounted under `/sandbox/smartcredit` on a real server on a
/// loopback port, with a manual clock.
final class SmartCreditHarness {
    static let prefix = "/sandbox/smartcredit"
    static let shop = "https://shop.example.com"

    let simulator: SmartCreditSimulator
    let server: HTTPServer
    let clock: ManualDate

    init(_ adjust: (inout SmartCreditSimulator.Configuration) -> Void = { _ in }) throws {
        let clock = ManualDate()
        var configuration = SmartCreditSimulator.Configuration()
        configuration.now = { clock.now }
        configuration.publicBaseURL = "http://127.0.0.1:47999"
        configuration.allowedURLOrigins = [Self.shop]
        adjust(&configuration)
        simulator = SmartCreditSimulator(configuration: configuration)
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

    /// One request on a new connection; `path` is below the prefix (with its query).
    func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil,
                 headers: [String: String] = [:], contentType: String = "application/json",
                 timeout: Double = 5) throws -> RawClient.Reply {
        var text = "\(method) \(Self.prefix)\(path) HTTP/1.1\r\nHost: apimgm-socgenepos-dev.azure-api.net\r\n"
        if let token { text += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        if let body {
            text += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "Content-Length: 0\r\n\r\n"
        }
        return try raw(text, timeout: timeout)
    }

    /// `text` as one request on a new connection.
    func raw(_ text: String, timeout: Double = 5) throws -> RawClient.Reply {
        let client = try RawClient(port: server.port, timeout: timeout)
        client.send(text)
        return try client.readResponse()
    }

    /// A token for the sandbox client (the seed's example with the newline-free header).
    func token() throws -> String {
        let reply = try raw(SmartCreditSeed.tokenRequest(prefix: Self.prefix, authorization: SmartCreditSeed.sandboxBasic))
        XCTAssertEqual(reply.status, 200, reply.text)
        return try XCTUnwrap(json(reply)["access_token"] as? String)
    }

    /// Initializes an application; answers the `text/plain` body.
    func initialize(_ body: String, token: String, path: String = "/api/v1/customerApplications/_processAndRedirect",
                    file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let reply = try request("POST", path, body: body, token: token)
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        XCTAssertEqual(reply.header("Content-Type"), "text/plain; charset=utf-8", file: file, line: line)
        return reply.text
    }

    /// `do-search` by `orderId`: the articles.
    func search(orderID: String?, token: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let body = orderID.map { #"{"orderId": "\#($0)"}"# }
        let reply = try request("POST", "/api/v1/customerApplications/do-search", body: body, token: token)
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]], reply.text)
        XCTAssertEqual(list.count, 1, file: file, line: line)
        return try XCTUnwrap(list.first?["articles"] as? [[String: Any]], file: file, line: line)
    }

    /// The status a `GET …/customerApplications/{id}` sees (one read).
    func status(_ applicationID: String, token: String, file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        let reply = try request("GET", "/api/v1/customerApplications/\(applicationID)", token: token)
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        return try json(reply)["status"] as? String
    }

    /// The application id of `orderID`, by `do-search` (one read).
    func applicationID(orderID: String, token: String) throws -> String {
        try XCTUnwrap(try search(orderID: orderID, token: token).first?["applicationId"] as? String)
    }

    /// Posts a journey form (`name=value`) to an absolute simulator URL from a page.
    func post(_ url: String, _ form: String) throws -> RawClient.Reply {
        try request("POST", path(of: url), body: form, contentType: "application/x-www-form-urlencoded")
    }

    /// Gets an absolute simulator URL from a page or a redirect.
    func get(_ url: String) throws -> RawClient.Reply {
        try request("GET", path(of: url))
    }

    /// The path and query of a simulator URL, below the prefix.
    func path(of url: String) -> String {
        let base = "http://127.0.0.1:47999" + Self.prefix
        XCTAssertTrue(url.hasPrefix(base), url)
        return String(url.dropFirst(base.count))
    }

    /// The API's 400/401 body: `{"detail": [{"error": …, "message": …}]}`.
    func assertDetail(_ reply: RawClient.Reply, status: Int, error: String, message: String? = nil,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(reply.status, status, reply.text, file: file, line: line)
        let detail = try XCTUnwrap(json(reply)["detail"] as? [[String: Any]], reply.text, file: file, line: line)
        XCTAssertEqual(detail.count, 1, file: file, line: line)
        XCTAssertEqual(detail.first?["error"] as? String, error, reply.text, file: file, line: line)
        if let message { XCTAssertEqual(detail.first?["message"] as? String, message, file: file, line: line) }
    }

    func json(_ reply: RawClient.Reply) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], reply.text)
    }
}

/// A test case with the simulator on a live socket and a token for the sandbox client.
class SmartCreditTestCase: XCTestCase {
    var harness: SmartCreditHarness!
    var token: String!

    override func setUp() async throws {
        harness = try SmartCreditHarness()
        token = try harness.token()
    }

    override func tearDown() async throws { await harness.stop() }
}

/// An `Application` body (PROVIDERS.md C) for `paymentMean`, with the billing and delivery
/// parts FranFinance requires. `amount` and the cart amounts are JSON literals as written.
func smartCreditApplication(orderID: String = "ORD229", paymentMean: String = "FRF_3X", amount: String = "114.90",
                            returnURL: String = "https://shop.example.com/return?order=ORD229",
                            phone: String = "+33 6 12 34 56 78", cartTotal: String = "114.90", unitAmount: String = "57.45",
                            extra: String = "") -> String {
    let address = #"{"city": "Paris", "street": "93 Avenue Embrun", "zipCode": "75015", "country": "FR"}"#
    let contact = #"{"firstName": "David", "lastName": "Martin", "email": "david@example.com", "mobile": "+33612345678", "phone": "\#(phone)"}"#
    return #"""
    {"normalReturnUrl": "\#(returnURL)", "paymentMean": "\#(paymentMean)", "amount": \#(amount),
     "customerId": "customer01", "orderId": "\#(orderID)",
     "customerAddress": \#(address),
     "customerContact": {"firstName": "David", "lastName": "Martin", "email": "david@example.com", "mobile": "+33612345678", "phone": "\#(phone)", "title": "Mr."},
     "billingAddress": \#(address), "deliveryAddress": \#(address),
     "billingContact": \#(contact), "deliveryContact": \#(contact),
     "shoppingCartDetail": {"mainProduct": "TV", "shoppingCartTotalAmount": \#(cartTotal), "shoppingCartTotalQuantity": 2, "SKU": "20",
       "shoppingCartItemList": {"productName": "PANTALON B MAGO", "productUnitAmount": \#(unitAmount), "productQuantity": 2, "productDescription": "Pantalon"}}\#(extra)}
    """#
}
