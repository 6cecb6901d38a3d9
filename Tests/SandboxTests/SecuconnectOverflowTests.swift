import Foundation
import XCTest

/// Issue 12: the simulator's basket arithmetic is checked, so a Smart Transaction create with the
/// seeds' published credentials cannot trap the process; it answers the documented 400 and stores
/// nothing.
final class SecuconnectOverflowTests: SimulatorTestCase {
    private func assertOverflowRefused(_ products: String, sum: String, mentioning: String,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        let body = #"{"basket": {"products": [\#(products)]}, "basket_info": {"sum": \#(sum), "currency": "EUR"}}"#
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: body, token: token)
        try harness.assertError(reply, status: 400, error: "ProductBadRequestException", file: file, line: line)
        let details = try harness.json(reply)["error_details"] as? String ?? ""
        XCTAssertTrue(details.contains(mentioning), details, file: file, line: line)
        XCTAssertEqual(harness.simulator.transactionCount, 0, file: file, line: line)
    }

    func testPriceOneTimesQuantityBeyondInt64IsA400() throws {
        try assertOverflowRefused(#"{"priceOne": 9223372036854775807, "quantity": 2}"#, sum: "500",
                                  mentioning: "basket.products[0]: priceOne × quantity does not fit")
    }

    func testARunningTotalBeyondInt64IsA400() throws {
        let big = #"{"priceOne": 9223372036854775807, "quantity": 1}"#
        try assertOverflowRefused("\(big), \(big)", sum: "500", mentioning: "basket.products[1]: the basket total does not fit")
    }

    func testTheSimulatorStillServesAfterTheAttempts() throws {
        try assertOverflowRefused(#"{"priceOne": 9223372036854775807, "quantity": 2}"#, sum: "500", mentioning: "priceOne")
        _ = try harness.create(smartTransactionBody(), token: token)
        XCTAssertEqual(harness.simulator.transactionCount, 1)
    }
}
