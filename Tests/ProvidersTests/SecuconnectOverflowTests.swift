import Payments
@testable import Providers
import XCTest

/// Issue 12: the Smart Transaction body's basket total is checked arithmetic. Numbers beyond
/// Int64 are a validation error naming the line, never a trap.
final class SecuconnectOverflowTests: XCTestCase {
    private let configuration = SecuconnectProvider.Configuration(
        baseURL: "https://connect-testing.secuconnect.com", clientID: SecuconnectTestCase.seedClientID,
        clientSecret: SecuconnectTestCase.seedClientSecret, contractID: SecuconnectTestCase.seedContractID,
        isDemo: true, checkoutTemplate: SecuconnectTestCase.seedTemplate)

    private func request(amount: Int64, items: [(quantity: Int, unit: Int64)]) -> ProviderCheckoutRequest {
        var request = SecuconnectTestCase.seed002Request()
        request.order.amount = Money(minorUnits: amount, currency: .eur)
        request.order.items = items.enumerated().map { index, item in
            .init(reference: "\(index)", name: "line \(index)", quantity: item.quantity, unitAmount: item.unit, taxRate: 19, kind: .article)
        }
        return request
    }

    private func assertRefused(_ request: ProviderCheckoutRequest, field: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try SecuconnectProvider.makeSmartTransactionBody(request, configuration: configuration)
            XCTFail("expected a validation error", file: file, line: line)
        } catch {
            XCTAssertTrue(error.isInvalidRequest, "\(error)", file: file, line: line)
            XCTAssertEqual(error.field, field, file: file, line: line)
        }
    }

    func testALineWhoseProductOverflowsIsRefused() {
        assertRefused(request(amount: 4485, items: [(2, .max)]), field: "order.items[0].unit_amount")
    }

    func testLinesSummingTo2To64PlusTheAmountAreRefused() {
        // The attack of issue 12: 184 × 10^17 + 46,744 × 10^12 + 73,709,556,101 = 2^64 + 4485,
        // which a wrapping sum takes for 4485. The sum leaves Int64 at the 93rd line.
        let items = Array(repeating: (quantity: 100_000, unit: Int64(1_000_000_000_000)), count: 184)
            + [(46_744, 1_000_000_000_000), (1, 73_709_556_101)]
        assertRefused(request(amount: 4485, items: items), field: "order.items[92].unit_amount")
    }

    func testLineTotalIsNilWhenItDoesNotFit() {
        let line = ProviderCheckoutRequest.LineItem(reference: "r", name: "n", quantity: 3, unitAmount: .max / 2, taxRate: 0, kind: .coupon)
        XCTAssertNil(line.total)
        let fits = ProviderCheckoutRequest.LineItem(reference: "r", name: "n", quantity: 1, unitAmount: .max, taxRate: 0, kind: .coupon)
        XCTAssertEqual(fits.total, -.max)
    }
}
