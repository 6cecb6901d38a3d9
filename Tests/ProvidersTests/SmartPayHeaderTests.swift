import Crypto
import Foundation
import JSON
import Outbound
import Payments
@testable import Providers
import Synchronization
import XCTest

/// What goes on the wire besides the body: seed 001's headers, Basic credentials, the optional
/// `X-Access-Token` (at most 512 characters), the modification bodies.
final class SmartPayHeaderTests: XCTestCase {
    /// Answers every request with `answer` and keeps what was sent.
    final class RecordingClient: OutboundSending, Sendable {
        let sent = Mutex<[OutboundRequest]>([])
        let answer: @Sendable (OutboundRequest) -> OutboundResponse
        init(answer: @escaping @Sendable (OutboundRequest) -> OutboundResponse) { self.answer = answer }
        func send(_ request: OutboundRequest) async throws -> OutboundResponse {
            sent.withLock { $0.append(request) }
            return answer(request)
        }
        var requests: [OutboundRequest] { sent.withLock { $0 } }
    }

    static let transaction = "fc10f767-12a7-46d0-9da0-4af6b5b67c4d"
    static let token = "KwlJmj1QoJL4oFPaCYnNCTW8cC8ZsLvQg16erCzx7hlU0rxLi3TdAKBLAN6md2Ik"

    private func client(status: Int = 200, body: String? = nil) -> RecordingClient {
        RecordingClient { request in
            let text = body ?? (request.url.hasSuffix("/payment/creation")
                ? #"{"transactionId":"\#(Self.transaction)","checkoutToken":"\#(Self.token)","paymentStatus":"CREATED","requestTime":"2023-04-05T13:25:41.790Z"}"#
                : #"{"transactionId":"\#(Self.transaction)","paymentStatus":"CAPTURED","transactionOverview":{"amount":10.99,"currencyCode":"EUR"},"modifications":[]}"#)
            return OutboundResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
        }
    }

    private func provider(_ client: RecordingClient, accessToken: String? = nil) -> SmartPayProvider {
        SmartPayProvider(configuration: .init(baseURL: "https://api.smartpay.example/", merchantKey: SmartPayWireTests.merchantKey,
                                              authentication: .basic(authenticationKey: "auth-key"), accessToken: accessToken),
                         client: client)
    }

    private var checkout: Checkout {
        Checkout(id: CheckoutID("chk_1"), orderReference: "o", provider: .smartpay, amount: Money(minorUnits: 1099, currency: .eur),
                 status: .authorized, providerReference: Self.transaction, createdAt: Date(), updatedAt: Date())
    }

    func testCreateSendsSeedHeadersBasicCredentialsAndAccessToken() async throws {
        let client = client()
        let jwt = "eyJ" + String(repeating: "a", count: 509)
        let started = try await provider(client, accessToken: jwt).createCheckout(SmartPayWireTests.seedRequest(locale: "de-DE"))
        XCTAssertEqual(started.providerReference, Self.transaction)
        XCTAssertEqual(started.nextAction.type, "widget")
        XCTAssertEqual(started.nextAction.fields["checkout_token"], .string(Self.token))
        XCTAssertEqual(started.nextAction.fields["sdk_url"], "https://api.smartpay.example/smp-bundle.js")
        XCTAssertEqual(started.data["checkout_token"], Self.token)
        let request = try XCTUnwrap(client.requests.first)
        XCTAssertEqual(request.url, "https://api.smartpay.example/payment/creation")
        XCTAssertEqual(request.headers["Content-Type"], "application/json")
        XCTAssertEqual(request.headers["Accept-Language"], "de-DE")
        XCTAssertEqual(request.headers["X-Access-Token"], jwt)
        XCTAssertEqual(request.headers["Authorization"], "Basic " + Base64.encode(Array("\(SmartPayWireTests.merchantKey):auth-key".utf8)))
        XCTAssertEqual(request.timeouts?.total, .seconds(90), "seed 001's advice")
    }

    func testAnAccessTokenOver512CharactersIsNeverSent() async {
        let client = client()
        do {
            _ = try await provider(client, accessToken: String(repeating: "a", count: 513)).createCheckout(SmartPayWireTests.seedRequest())
            XCTFail("sent")
        } catch {
            XCTAssertTrue(error.isConfiguration, "\(error)")
        }
        XCTAssertTrue(client.requests.isEmpty)
    }

    func testModificationsCarryTheOperationIDAndPartialAmounts() async throws {
        let client = client()
        let provider = provider(client)
        let id = OperationID("op_abc")
        _ = try await provider.capture(checkout, OperationRequest(id: id, kind: .capture, amount: Money(minorUnits: 600, currency: .eur)))
        _ = try await provider.capture(checkout, OperationRequest(id: OperationID("op_full"), kind: .capture, amount: checkout.amount))
        var paid = checkout
        paid.status = .paid
        _ = try await provider.refund(paid, OperationRequest(id: OperationID("re_1"), kind: .refund, amount: Money(minorUnits: 1, currency: .eur)))
        _ = try await provider.refund(paid, OperationRequest(id: OperationID("re_all"), kind: .refund))
        _ = try await provider.cancel(checkout, OperationRequest(id: OperationID("op_c"), kind: .cancel))
        var unknown = checkout
        unknown.needsSync = true
        _ = try await provider.cancel(unknown, OperationRequest(id: OperationID("op_c2"), kind: .cancel))
        let sent = client.requests.map { request -> (String, JSONValue) in
            (String(request.url.dropFirst("https://api.smartpay.example".count)), try! JSONValue.parse(request.body))
        }
        XCTAssertEqual(sent.map(\.0), ["/payment/capture", "/payment/capture", "/payment/refund", "/payment/refund", "/payment/cancel",
                                       "/payment/cancelOrRefund"])
        XCTAssertEqual(sent.map { $0.1["modificationId"]?.stringValue }, ["op_abc", "op_full", "re_1", "re_all", "op_c", "op_c2"])
        XCTAssertEqual(sent[0].1["modifiedAmount"]?["amount"]?.numberValue?.literal, "6.00")
        XCTAssertEqual(sent[0].1["modifiedAmount"]?["currencyCode"], "EUR")
        XCTAssertNil(sent[1].1["modifiedAmount"], "a full capture omits modifiedAmount")
        XCTAssertEqual(sent[2].1["modifiedAmount"]?["amount"]?.numberValue?.literal, "0.01")
        XCTAssertNil(sent[3].1["modifiedAmount"], "a full refund omits modifiedAmount")
        for (_, body) in sent {
            XCTAssertEqual(body["transactionId"]?.stringValue, Self.transaction)
            XCTAssertEqual(body["merchantKey"]?.stringValue, SmartPayWireTests.merchantKey)
        }
    }

    func testErrorsMeanWhatTheStatusSays() async {
        let cases: [(Int, String)] = [(400, "provider_rejected"), (401, "provider_configuration"), (422, "provider_rejected"),
                                      (500, "provider_invalid_response"), (503, "provider_invalid_response")]
        for (status, code) in cases {
            let client = client(status: status, body: #"{"message":"bad auth-key 4111111111111111"}"#)
            do {
                _ = try await provider(client).fetchStatus(of: checkout)
                XCTFail("\(status) accepted")
            } catch {
                XCTAssertEqual(error.shortDescription, code, "\(status)")
                XCTAssertFalse(error.detail.contains("auth-key"), error.detail)
                XCTAssertFalse(error.detail.contains("4111111111111111"), error.detail)
            }
        }
    }

    func testAnswersWithoutTheSeedsIDsAreInvalid() async {
        for body in [#"{"checkoutToken":"\#(Self.token)"}"#, #"{"transactionId":"../x","checkoutToken":"\#(Self.token)"}"#,
                     #"{"transactionId":"\#(Self.transaction)","checkoutToken":"a\"b"}"#, "not json"] {
            do {
                _ = try await provider(client(body: body)).createCheckout(SmartPayWireTests.seedRequest())
                XCTFail(body)
            } catch {
                XCTAssertEqual(error.shortDescription, "provider_invalid_response", body)
            }
        }
    }
}
