import Crypto
import Foundation
import Outbound
import JSON
import Payments
@testable import Providers
import XCTest

/// The adapter's pure parts: seed 001's Create Checkout body, the field rules, decimal amounts
/// from minor units, the status answer (modifications, chargebacks), the pending rule's count.
final class SmartPayWireTests: XCTestCase {
    static let merchantKey = "48c4e923-e88c-464b-a4e7-ccb2c6d3775e"

    /// Seed 001's example Create Checkout request as Kassa's model carries it.
    static func seedRequest(amount: Money = Money(minorUnits: 1099, currency: .eur), description: String? = "Purchase 1x product ABC",
                            customer: ProviderCheckoutRequest.Customer? = seedCustomer(), locale: String? = "en-US",
                            checkoutID: CheckoutID = CheckoutID("chk_seed001")) -> ProviderCheckoutRequest {
        ProviderCheckoutRequest(
            checkoutID: checkoutID, method: nil,
            order: .init(reference: "order-1", amount: amount, description: description, items: []),
            customer: customer,
            returnURLs: .init(success: "https://kassa.example/s", failure: "https://kassa.example/f", cancel: "https://kassa.example/c"),
            notificationURL: "https://kassa.example/v1/webhooks/smartpay", locale: locale)
    }

    static func seedCustomer() -> ProviderCheckoutRequest.Customer {
        .init(email: "hells.butcher_001@mail.com", firstName: "Butcher", lastName: "Hells",
              address: .init(street: "Anystreet", streetNumber: "123", postalCode: "12345", city: "Anycity", country: "DE"))
    }

    func testSeedOrderGivesSeed001sCreateCheckoutBody() throws {
        let body = try SmartPayProvider.makeCreateCheckoutBody(Self.seedRequest(), merchantKey: Self.merchantKey)
        // Seed 001's example with its trailing comma removed (seeds/README.md), plus what Kassa
        // adds: partnerReference, the checkout id.
        let seed = """
        {"merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e",
         "payment": {"amount": 10.99, "currencyCode": "EUR", "description": "Purchase 1x product ABC"},
         "consumer": {"firstName": "Butcher", "lastName": "Hells", "emailAddress": "hells.butcher_001@mail.com"},
         "billingAddress": {"addressLine1": "Anystreet", "number": "123", "city": "Anycity", "postCode": "12345", "countryCode": "DE"}}
        """
        guard case .object(var expected) = try JSONValue.parse(Array(seed.utf8)) else { return XCTFail() }
        expected["partnerReference"] = "chk_seed001"
        XCTAssertEqual(body.serializedString(sortedKeys: true), JSONValue.object(expected).serializedString(sortedKeys: true))
        // The amount is the literal 10.99, written from 1099 minor units.
        XCTAssertTrue(body.serializedString(sortedKeys: true).contains(#""amount":10.99"#))
    }

    func testAmountsAreDecimalsWithTheCurrencysExponent() throws {
        let cases: [(Int64, Currency, String)] = [
            (1099, .eur, "10.99"), (1, .eur, "0.01"), (100, .eur, "1.00"), (1099, .jpy, "1099"), (1, .jpy, "1"),
            (5, .kwd, "0.005"), (1_000_000_000_000, .eur, "10000000000.00"), (1_000_000_000_000, .jpy, "1000000000000"),
        ]
        for (minor, currency, literal) in cases {
            let body = try SmartPayProvider.makeCreateCheckoutBody(Self.seedRequest(amount: Money(minorUnits: minor, currency: currency)),
                                                                    merchantKey: Self.merchantKey)
            XCTAssertEqual(body["payment"]?["amount"]?.numberValue?.literal, literal, "\(minor) \(currency)")
            XCTAssertEqual(body["payment"]?["currencyCode"]?.stringValue, currency.code)
            // And back: the literal reads as the same minor units.
            XCTAssertEqual(Money(decimal: literal, currency: currency)?.minorUnits, minor)
        }
    }

    func testEveryMissingFieldIsNamedAtOnce() {
        var customer = Self.seedCustomer()
        customer.firstName = nil
        customer.email = ""
        customer.address?.city = nil
        customer.shippingAddress = .init(street: "x")
        customer.accountID = String(repeating: "a", count: 65)
        let errors = SmartPayProvider.fieldErrors(Self.seedRequest(description: String(repeating: "d", count: 128), customer: customer))
        XCTAssertEqual(Set(errors.map(\.field)), ["order.description", "customer.first_name", "customer.email", "customer.address.city",
                                                  "customer.account_id", "customer.shipping_address.city",
                                                  "customer.shipping_address.postal_code", "customer.shipping_address.country"])
        XCTAssertEqual(SmartPayProvider.fieldErrors(Self.seedRequest(customer: nil)).map(\.field), ["customer"])
        var noAddress = Self.seedCustomer()
        noAddress.address = nil
        XCTAssertEqual(SmartPayProvider.fieldErrors(Self.seedRequest(customer: noAddress)).map(\.field), ["customer.address"])
        XCTAssertEqual(SmartPayProvider.fieldErrors(Self.seedRequest()), [])
        // 127 characters are fine.
        XCTAssertEqual(SmartPayProvider.fieldErrors(Self.seedRequest(description: String(repeating: "d", count: 127))), [])
    }

    func testVaultedPaymentsSendCustomerAccountIdAndTheShippingAddress() throws {
        var customer = Self.seedCustomer()
        customer.accountID = "cust-42"
        customer.phone = "+49 30 1234"
        customer.shippingAddress = .init(street: "Otherstreet", postalCode: "54321", city: "Othercity", country: "AT")
        let body = try SmartPayProvider.makeCreateCheckoutBody(Self.seedRequest(customer: customer), merchantKey: Self.merchantKey)
        XCTAssertEqual(body["customerAccountId"], "cust-42")
        XCTAssertEqual(body["consumer"]?["phoneNumber"], "+49 30 1234")
        XCTAssertEqual(body["shippingAddress"]?["countryCode"], "AT")
        XCTAssertNil(body["shippingAddress"]?["number"])
    }

    func testAcceptLanguageComesFromTheLocale() {
        XCTAssertEqual(SmartPayProvider.acceptLanguage("de-DE"), "de-DE")
        XCTAssertEqual(SmartPayProvider.acceptLanguage(nil), "en-US")
        XCTAssertEqual(SmartPayProvider.acceptLanguage("de\r\nX: 1"), "en-US")
    }

    func testStatusTableCoversTheDocumentedStatuses() {
        let expected: [String: Checkout.Status] = [
            "CREATED": .created, "AUTORIZATION_INITIALIZED": .pending, "AUTHORIZATION_PENDING": .pending,
            "AUTHORIZATION_COMPLETED": .authorized, "CAPTURE_PENDING": .authorized, "CAPTURED": .paid, "SETTLED": .paid,
            "CANCELLED": .canceled, "AUTHORIZATION_FAILED": .failed,
        ]
        for (raw, status) in expected { XCTAssertEqual(SmartPayProvider.unifiedStatus(ofPaymentStatus: raw), status, raw) }
        XCTAssertNil(SmartPayProvider.unifiedStatus(ofPaymentStatus: "AUTHORIZATION_COMPLETE"))
        // The table in docs/providers/smartpay.md is the same table.
        let docs = (try? String(contentsOfFile: Self.repositoryRoot + "/docs/providers/smartpay.md", encoding: .utf8)) ?? ""
        for (raw, status) in expected { XCTAssertTrue(docs.contains("| `\(raw)` | `\(status.rawValue)` |"), raw) }
    }

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    private func checkout(amount: Int64 = 1099, currency: Currency = .eur, status: Checkout.Status = .paid) -> Checkout {
        Checkout(id: CheckoutID("chk_1"), orderReference: "o", provider: .smartpay, amount: Money(minorUnits: amount, currency: currency),
                 status: status, providerReference: "fc10f767-12a7-46d0-9da0-4af6b5b67c4d", createdAt: Date(), updatedAt: Date())
    }

    private func provider(log: SmartPayProvider.Log? = nil) -> SmartPayProvider {
        SmartPayProvider(configuration: .init(baseURL: "http://127.0.0.1:1", merchantKey: Self.merchantKey,
                                              authentication: .basic(authenticationKey: "k")),
                         client: NeverSends(), log: log)
    }

    func testSeed001StatusAnswerReadsWithSupportFields() throws {
        // Seed 001's Get Payment Status answer with its trailing comma removed.
        let seed = """
        {"transactionId": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "reconciliationReferenceId": "zKZhOVjJitCdHdJzicGmI",
         "description": "Purchase 1x product ABC", "paymentStatus": "CAPTURED", "creationDate": "2020-12-15T13:49:36.556Z",
         "transactionOverview": {"amount": 10.99, "currencyCode": "EUR", "mit": false,
           "transactionId": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", "paymentMethod": "CARDS"},
         "modifications": []}
        """
        let answer = try PaymentStatusResponse(body: Array(seed.utf8), currency: .eur)
        let status = provider().status(of: answer, checkout: checkout(status: .pending))
        XCTAssertEqual(status.status, .paid)
        XCTAssertEqual(status.providerStatus, "CAPTURED")
        XCTAssertEqual(status.amount, Money(minorUnits: 1099, currency: .eur))
        XCTAssertEqual(status.data["reconciliation_reference_id"], "zKZhOVjJitCdHdJzicGmI")
        XCTAssertEqual(status.data["creation_date"], "2020-12-15T13:49:36.556Z")
        XCTAssertEqual(status.data["payment_status"], "CAPTURED")
        XCTAssertTrue(status.data["last_status_answer"]?.contains("zKZhOVjJitCdHdJzicGmI") ?? false)
    }

    func testRefundModificationsMakeRefundsAndAChargebackANotice() throws {
        let body = """
        {"transactionId": "fc10f767-12a7-46d0-9da0-4af6b5b67c4d", "paymentStatus": "CAPTURED",
         "transactionOverview": {"amount": 10.99, "currencyCode": "EUR"},
         "modifications": [
          {"id": "m1", "modificationId": "op_1", "modificationData": {"type": "CAPTURE", "amount": 10.99, "currencyCode": "EUR"}},
          {"id": "m2", "modificationId": "re_1", "modificationData": {"type": "REFUND", "amount": 2.50, "currencyCode": "EUR"}},
          {"id": "m3", "modificationId": "re_2", "modificationData": {"type": "REFUND", "amount": 1.00, "currencyCode": "EUR"}, "status": "FAILED"},
          {"id": "cb1", "type": "CHARGEBACK", "amount": 10.99, "reason": "fraud 4111111111111111"}]}
        """
        let status = provider().status(of: try PaymentStatusResponse(body: Array(body.utf8), currency: .eur), checkout: checkout())
        XCTAssertEqual(status.status, .partiallyRefunded)
        XCTAssertEqual(status.refundedAmount, Money(minorUnits: 250, currency: .eur))
        XCTAssertEqual(status.notices.count, 1)
        XCTAssertEqual(status.notices.first?.type, "smartpay.chargeback")
        XCTAssertEqual(status.notices.first?.key, "cb1")
        XCTAssertEqual(status.notices.first?.detail["amount"], "10.99")
        XCTAssertFalse(status.notices.first?.detail["reason"]?.contains("4111111111111111") ?? true)
        let full = body.replacingOccurrences(of: #""amount": 2.50"#, with: #""amount": 10.99"#)
        let refunded = provider().status(of: try PaymentStatusResponse(body: Array(full.utf8), currency: .eur), checkout: checkout())
        XCTAssertEqual(refunded.status, .refunded)
    }

    func testAnUnknownStatusIsPendingKeptRawAndLoggedOnce() throws {
        let lines = Lines()
        let provider = provider(log: { level, line in lines.append("\(level) \(line)") })
        let body = Array(#"{"paymentStatus": "AUTHORIZATION_REVIEW", "transactionOverview": {"amount": 10.99, "currencyCode": "EUR"}}"#.utf8)
        for _ in 0..<3 {
            let status = provider.status(of: try PaymentStatusResponse(body: body, currency: .eur), checkout: checkout(status: .pending))
            XCTAssertEqual(status.status, .pending)
            XCTAssertEqual(status.providerStatus, "AUTHORIZATION_REVIEW")
        }
        XCTAssertEqual(lines.all.filter { $0.contains("AUTHORIZATION_REVIEW") }.count, 1, "\(lines.all)")
    }

    func testAnswersThatAreNotAmountsOrStatusesAreRefused() {
        XCTAssertThrowsError(try PaymentStatusResponse(body: Array("[]".utf8), currency: .eur))
        XCTAssertThrowsError(try PaymentStatusResponse(body: Array(#"{"paymentStatus": 5}"#.utf8), currency: .eur))
        // 10.999 EUR is not a whole number of cents: no amount, so the integrity check is not fooled.
        let odd = try? PaymentStatusResponse(body: Array(#"{"paymentStatus": "CAPTURED", "transactionOverview": {"amount": 10.999}}"#.utf8), currency: .eur)
        XCTAssertNil(odd?.amount)
        let float = try? PaymentStatusResponse(body: Array(#"{"paymentStatus": "CAPTURED", "transactionOverview": {"amount": 1e3}}"#.utf8), currency: .eur)
        XCTAssertNil(float?.amount)
    }

    func testPendingRuleLogsAfterTheThirdUnchangedReRead() {
        var watch = PendingWatch()
        XCTAssertEqual(watch.observe(transaction: "t", status: "AUTHORIZATION_PENDING", isPending: true), .none)
        XCTAssertEqual(watch.observe(transaction: "t", status: "AUTHORIZATION_PENDING", isPending: true), .none)
        XCTAssertEqual(watch.observe(transaction: "t", status: "AUTHORIZATION_PENDING", isPending: true), .none)
        XCTAssertEqual(watch.observe(transaction: "t", status: "AUTHORIZATION_PENDING", isPending: true), .stillPending(retries: 3))
        // Once only.
        XCTAssertEqual(watch.observe(transaction: "t", status: "AUTHORIZATION_PENDING", isPending: true), .none)
        // A change starts over; a final status forgets the transaction.
        XCTAssertEqual(watch.observe(transaction: "t", status: "CAPTURE_PENDING", isPending: true), .none)
        XCTAssertEqual(watch.observe(transaction: "t", status: "CAPTURED", isPending: false), .none)
        XCTAssertEqual(watch.count, 0)
        // Bounded.
        var small = PendingWatch(capacity: 2)
        for n in 0..<5 { _ = small.observe(transaction: "t\(n)", status: "AUTHORIZATION_PENDING", isPending: true) }
        XCTAssertEqual(small.count, 2)
    }

    func testModificationIDIsTheOperationIDOrItsDigest() {
        XCTAssertEqual(SmartPayProvider.modificationID(OperationID("op_0123")), "op_0123")
        let long = OperationID(String(repeating: "x", count: 65))
        XCTAssertEqual(SmartPayProvider.modificationID(long).count, 64)
        XCTAssertEqual(SmartPayProvider.modificationID(long), SmartPayProvider.modificationID(long))
    }

    func testConfigurationDescriptionHidesSecrets() {
        let configuration = SmartPayProvider.Configuration(baseURL: "https://x/", merchantKey: "m",
                                                           authentication: .oauth(tokenURL: "https://t", clientID: "c", clientSecret: "very-secret"),
                                                           accessToken: "jwt-secret")
        XCTAssertFalse(configuration.description.contains("very-secret"))
        XCTAssertFalse(configuration.description.contains("jwt-secret"))
        XCTAssertEqual(configuration.baseURL, "https://x")
    }
}

/// Collected log lines.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// A client for tests that never reach the network.
struct NeverSends: OutboundSending {
    func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        throw CancellationError()
    }
}
