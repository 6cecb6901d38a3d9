import Foundation
import HTTP
import KassaTestSupport
import Outbound
import Payments
import Providers
import Sandbox
import XCTest

/// The adapter against the SmartPay simulator (written from the seed, not from the adapter)
/// on a real loopback socket: seed 001's example transaction, each widget outcome, settlement
/// and a chargeback as SmartPay reports them.
final class SmartPayProviderTests: XCTestCase {
    static let prefix = "/sandbox/smartpay"
    var simulator: SmartPaySimulator!
    var server: HTTPServer!
    var outbound: OutboundClient!

    override func setUp() async throws {
        var configuration = SmartPaySimulator.Configuration()
        configuration.webhookURL = nil
        simulator = SmartPaySimulator(configuration: configuration)
        var router = Router()
        simulator.register(on: &router, prefix: Self.prefix)
        server = HTTPServer(configuration: .forTests, responder: router)
        try server.start()
        outbound = OutboundClient()
    }

    override func tearDown() async throws {
        simulator.shutdown()
        await server.shutdown()
        outbound.shutdown()
    }

    private var provider: SmartPayProvider {
        SmartPayProvider(configuration: .init(baseURL: "http://127.0.0.1:\(server.port)\(Self.prefix)",
                                              merchantKey: SmartPayWireTests.merchantKey,
                                              authentication: .basic(authenticationKey: "sandbox_smartpay_authentication_key"),
                                              timeouts: OutboundTimeouts(total: .seconds(5), connect: .seconds(2))),
                         client: outbound)
    }

    private func checkout(_ started: ProviderCheckout, amount: Money = Money(minorUnits: 1099, currency: .eur)) -> Checkout {
        Checkout(id: CheckoutID("chk_seed001"), orderReference: "order-1", provider: .smartpay, amount: amount, status: started.status,
                 providerStatus: started.providerStatus, providerReference: started.providerReference, providerData: started.data,
                 createdAt: Date(), updatedAt: Date())
    }

    private func play(_ outcome: String, _ started: ProviderCheckout) async throws {
        try await simulator.play(outcome, on: SimulatedPayment(checkoutID: "chk_seed001", orderReference: "order-1",
                                                               providerReference: started.providerReference,
                                                               providerData: started.data, nextActionURL: nil))
    }

    func testSeed001sStatusExampleReadsAsPaid() async throws {
        var example = checkout(ProviderCheckout(providerReference: "48c4e923-e88c-464b-a4e7-ccb2c6d3775e", providerStatus: "CAPTURED",
                                                status: .paid, nextAction: .redirect(url: "x")))
        example.providerData = [:]
        let status = try await provider.fetchStatus(of: example)
        XCTAssertEqual(status.status, .paid)
        XCTAssertEqual(status.amount, Money(minorUnits: 1099, currency: .eur))
        XCTAssertEqual(status.data["reconciliation_reference_id"], "zKZhOVjJitCdHdJzicGmI")
        XCTAssertEqual(status.data["creation_date"], "2020-12-15T13:49:36.556Z")
    }

    func testEachWidgetOutcomeMapsAsTheTableSays() async throws {
        let expected: [(String, Checkout.Status, String)] = [
            ("authorize", .authorized, "AUTHORIZATION_COMPLETED"), ("capture", .paid, "CAPTURED"),
            ("decline", .failed, "AUTHORIZATION_FAILED"), ("pending_forever", .pending, "AUTHORIZATION_PENDING"),
        ]
        XCTAssertEqual(Set(simulator.testOutcomes), ["authorize", "capture", "decline", "pending_then_capture", "pending_forever"])
        for (outcome, status, raw) in expected {
            // partnerReference (the checkout id) is unique at SmartPay.
            let started = try await provider.createCheckout(SmartPayWireTests.seedRequest(checkoutID: .generate()))
            XCTAssertEqual(started.status, .created)
            XCTAssertEqual(started.providerReference?.count, 36)
            try await play(outcome, started)
            let read = try await provider.fetchStatus(of: checkout(started))
            XCTAssertEqual(read.status, status, outcome)
            XCTAssertEqual(read.providerStatus, raw, outcome)
        }
    }

    func testSettlementStaysPaidAndAChargebackIsANoticeOnce() async throws {
        let provider = provider
        let started = try await provider.createCheckout(SmartPayWireTests.seedRequest())
        try await play("capture", started)
        let transaction = try XCTUnwrap(started.providerReference)
        try simulator.settle(transactionID: transaction)
        let settled = try await provider.fetchStatus(of: checkout(started))
        XCTAssertEqual(settled.status, .paid)
        XCTAssertEqual(settled.providerStatus, "SETTLED")
        XCTAssertEqual(settled.notices, [])
        try simulator.chargeback(transactionID: transaction, minorUnits: 500)
        let charged = try await provider.fetchStatus(of: checkout(started))
        XCTAssertEqual(charged.status, .paid, "a chargeback is news, not a status")
        XCTAssertEqual(charged.notices.map(\.type), ["smartpay.chargeback"])
        XCTAssertEqual(charged.notices.first?.detail["amount"], "5.00")
        XCTAssertEqual(charged.notices.first?.detail["transaction_id"], transaction)
        // Read again: the same notice, under the same key (recorded once by the service).
        let again = try await provider.fetchStatus(of: checkout(started))
        XCTAssertEqual(again.notices.map(\.key), charged.notices.map(\.key))
    }

    func testZeroExponentAmountsRoundTrip() async throws {
        let amount = Money(minorUnits: 1099, currency: .jpy)
        let started = try await provider.createCheckout(SmartPayWireTests.seedRequest(amount: amount))
        try await play("capture", started)
        let read = try await provider.fetchStatus(of: checkout(started, amount: amount))
        XCTAssertEqual(read.amount, amount)
        XCTAssertEqual(read.status, .paid)
    }
}
