import Foundation
import JSON
@testable import KassaService
import Outbound
import Payments
import Sandbox
import XCTest

/// An order is paid once: two attempts of one order (a buyer's two tabs) approved at once on
/// the secuconnect simulator, end to end over real sockets.
final class PaidOnceTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    /// A service whose simulator sends no pushes: the buyers' returns alone bring the payments
    /// in, so when both returns are answered every settlement they started is done.
    private func start(_ environment: [String: String] = [:]) throws {
        var options = KassaService.Options()
        options.simulators.adjust(SecuconnectSimulator.Configuration.self) { $0.pushTransport = nil }
        harness = try ServiceHarness(environment: environment, options: options)
    }

    /// Creates an attempt for `reference` and returns its id and payment link.
    private func open(_ reference: String) async throws -> (id: String, stx: String) {
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: reference), expect: 201)
        return (try XCTUnwrap(created.text("id")), try XCTUnwrap(created.text("provider_reference")))
    }

    /// The buyer presses approve on the hosted page; returns Kassa's return URL it redirects to.
    private func press(_ attempt: (id: String, stx: String)) async throws -> String {
        let action = "/sandbox/secuconnect/pay/\(attempt.stx)/approve"
        let form = try await harness.client.send(OutboundRequest(method: .post, url: harness.base + action,
                                                                 headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                                 body: Array("choice=approve".utf8)))
        XCTAssertEqual(form.status, 303, form.bodyText)
        return try XCTUnwrap(form.headers["Location"])
    }

    /// The buyer's browser follows the redirect back to Kassa; returns where Kassa sends it.
    private static func comeBack(_ returnURL: String, _ harness: ServiceHarness) async throws -> String {
        let back = try await harness.send("GET", returnURL, auth: false)
        XCTAssertEqual(back.status, 303, back.bodyText)
        return back.headers["Location"] ?? ""
    }

    /// Both tabs approved at the provider, then both buyers come back at once.
    /// Where each buyer is sent back to, by checkout id.
    @discardableResult
    private func approveBoth(_ first: (id: String, stx: String), _ second: (id: String, stx: String)) async throws -> [String: String] {
        let (one, two) = (try await press(first), try await press(second))
        let harness: ServiceHarness = harness
        async let a = Self.comeBack(one, harness)
        async let b = Self.comeBack(two, harness)
        let (locationA, locationB) = try await (a, b)
        return [first.id: locationA, second.id: locationB]
    }

    private func events(of id: String) async throws -> [JSONValue] {
        let page = try await harness.json("GET", "/v1/events?after=0&limit=1000", expect: 200)
        return (page["events"]?.arrayValue ?? []).filter { $0.text("checkout_id") == id }
    }

    func testTwoTabsApprovingAtOnceLeaveOnePaidAttemptAndRefundTheOther() async throws {
        try start()
        let reference = "order_two_tabs_\(UUID().uuidString.prefix(6))"
        let first = try await open(reference)
        let second = try await open(reference)
        let locations = try await approveBoth(first, second)
        let order = try await harness.json("GET", "/v1/orders/\(reference)", expect: 200)
        let paidID = try XCTUnwrap(order.text("paid_checkout_id"))
        let duplicateID = paidID == first.id ? second.id : first.id
        let paid = try await harness.json("GET", "/v1/checkouts/\(paidID)", expect: 200)
        XCTAssertEqual(paid.text("status"), "paid")
        // Only the buyer whose payment counts sees the shop's success page.
        XCTAssertTrue(locations[paidID]?.hasPrefix("https://shop.example/ok") ?? false, "\(locations)")
        XCTAssertTrue(locations[duplicateID]?.hasPrefix("https://shop.example/failed") ?? false, "\(locations)")
        let duplicate = try await harness.json("GET", "/v1/checkouts/\(duplicateID)", expect: 200)
        XCTAssertEqual(duplicate.text("status"), "refunded", "refund_duplicate_payments is true in sandbox: \(duplicate)")
        XCTAssertEqual(duplicate["refunds"]?.arrayValue?.count, 1)
        XCTAssertEqual(duplicate["refunds"]?.arrayValue?.first?["amount"]?.int64Value, 4485)
        let flagged = try await events(of: duplicateID).filter { $0.text("type") == "duplicate_payment" }
        XCTAssertEqual(flagged.count, 1, "exactly one duplicate_payment event in the shop's log")
        XCTAssertTrue(flagged.first?.text("detail")?.contains(paidID) ?? false)
        let paidEvents = try await events(of: paidID)
        XCTAssertTrue(paidEvents.allSatisfy { $0.text("type") != "duplicate_payment" })
        XCTAssertTrue(harness.logLines.all.contains { $0.contains("duplicate payment") })
    }

    func testTheSecondTabIsAbortedAtTheProviderWhenTheFirstPays() async throws {
        try start()
        let reference = "order_abort_\(UUID().uuidString.prefix(6))"
        let first = try await open(reference)
        let second = try await open(reference)
        let location = try await Self.comeBack(try await press(first), harness)
        XCTAssertTrue(location.contains("status=paid"), location)
        let other = try await harness.json("GET", "/v1/checkouts/\(second.id)", expect: 200)
        XCTAssertEqual(other.text("status"), "canceled", "\(other)")
        // The buyer in the second tab can no longer pay: the simulator refuses the aborted transaction.
        let action = "/sandbox/secuconnect/pay/\(second.stx)/approve"
        let form = try await harness.client.send(OutboundRequest(method: .post, url: harness.base + action,
                                                                 headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                                 body: Array("choice=approve".utf8)))
        XCTAssertNotEqual(form.status, 303, "an aborted transaction is not payable")
        let still = try await harness.json("GET", "/v1/checkouts/\(second.id)", expect: 200)
        XCTAssertEqual(still.text("status"), "canceled")
    }

    func testWithoutAutomaticRefundTheDuplicateStaysPaidAndFlagged() async throws {
        try start(["KASSA_ORDERS_REFUND_DUPLICATE_PAYMENTS": "false"])
        let reference = "order_flag_\(UUID().uuidString.prefix(6))"
        let first = try await open(reference)
        let second = try await open(reference)
        try await approveBoth(first, second)
        let order = try await harness.json("GET", "/v1/orders/\(reference)", expect: 200)
        let paidID = try XCTUnwrap(order.text("paid_checkout_id"))
        let duplicateID = paidID == first.id ? second.id : first.id
        let duplicate = try await harness.json("GET", "/v1/checkouts/\(duplicateID)", expect: 200)
        XCTAssertEqual(duplicate.text("status"), "paid")
        let flagged = try await events(of: duplicateID).filter { $0.text("type") == "duplicate_payment" }
        XCTAssertEqual(flagged.count, 1)
    }
}
