import Foundation
@testable import Sandbox
import XCTest

/// Bounded memory: transactions and tokens.
final class SimulatorStorageTests: XCTestCase {
    func testTheOldestTransactionsAreEvicted() async throws {
        let harness = try SimulatorHarness { $0.maxTransactions = 3 }
        let token = try harness.token()
        var ids: [String] = []
        for _ in 0..<5 {
            ids.append(try XCTUnwrap(try harness.create(SeedFixtures.createRequest004, token: token)["id"] as? String))
        }
        XCTAssertEqual(harness.simulator.transactionCount, 3)
        for id in ids.prefix(2) {
            XCTAssertEqual(try harness.request("GET", "/api/v2/Smart/Transactions/\(id)", token: token).status, 404)
        }
        for id in ids.suffix(3) {
            XCTAssertEqual(try harness.request("GET", "/api/v2/Smart/Transactions/\(id)", token: token).status, 200)
        }
        await harness.stop()
    }

    func testEvictionForgetsThePaymentTransactionToo() throws {
        let store = SmartTransactionStore(capacity: 1)
        let draft = try SmartTransactionDraft(body: Array(#"{"basket_info": {"sum": 100}}"#.utf8), contract: "GCR_X")
        var first = SmartTransaction(id: "STX_1", customerID: "PCU_1", created: Date(), draft: draft)
        first.payment = .init(id: "PCI_1", transID: 1, hash: "h", created: Date(), updated: Date())
        store.insert(first)
        _ = try store.update("STX_1") { (_: inout SmartTransaction) throws(SecuconnectError) in }
        XCTAssertNotNil(store.transaction(forPayment: "PCI_1"))
        store.insert(SmartTransaction(id: "STX_2", customerID: "PCU_2", created: Date(), draft: draft))
        XCTAssertNil(store.transaction(forPayment: "PCI_1"))
        XCTAssertNil(store.transaction("STX_1"))
        XCTAssertNotNil(store.transaction("STX_2"))
    }

    func testTokensAreBoundedAndExpire() {
        let tokens = AccessTokens(capacity: 2)
        let now = Date(timeIntervalSince1970: 1_000)
        let a = tokens.issue(now: now, lifetime: 1200)
        let b = tokens.issue(now: now, lifetime: 1200)
        XCTAssertTrue(tokens.isValid(a, now: now))
        let c = tokens.issue(now: now, lifetime: 1200)
        XCTAssertFalse(tokens.isValid(a, now: now))
        XCTAssertTrue(tokens.isValid(b, now: now))
        XCTAssertTrue(tokens.isValid(c, now: now.addingTimeInterval(1199)))
        XCTAssertFalse(tokens.isValid(c, now: now.addingTimeInterval(1200)))
        XCTAssertFalse(tokens.isValid("", now: now))
    }
}
