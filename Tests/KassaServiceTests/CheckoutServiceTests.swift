import Foundation
import JSON
@testable import KassaService
import Payments
import XCTest

/// The checkout service through the real server and the secuconnect simulator: what is
/// checked before anything is stored.
final class CheckoutServiceTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    func testAMethodTheProviderDoesNotKnowIs422AndStoresNothing() async throws {
        harness = try ServiceHarness()
        let reference = "order_applepay_\(UUID().uuidString.prefix(6))"
        let before = try await harness.json("GET", "/v1/events?after=0&limit=1000", expect: 200)
        let problem = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: reference, extra: #","method":"applepay""#),
                                             expect: 422)
        XCTAssertEqual(problem.text("code"), "validation_error")
        XCTAssertEqual(problem["errors"]?.arrayValue?.first?.text("field"), "method", "\(problem)")
        XCTAssertNil(problem["checkout_id"], "no attempt exists to name")
        try await harness.json("GET", "/v1/orders/\(reference)", expect: 404)
        let after = try await harness.json("GET", "/v1/events?after=0&limit=1000", expect: 200)
        XCTAssertEqual(after["events"]?.arrayValue?.count, before["events"]?.arrayValue?.count, "no created or failed event")
        // The same order with a method secuconnect knows is accepted afterwards.
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: reference), expect: 201)
    }
}
