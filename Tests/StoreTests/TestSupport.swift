import Foundation
import Payments
import Store
import XCTest

/// A clock the tests move by hand, so expiry and scheduling never sleep.
/// `@unchecked Sendable`: the lock guards `current`.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current.addTimeInterval(seconds) } }
}

/// A fresh directory per test, removed afterwards.
class StoreTestCase: XCTestCase {
    var directory: URL!
    let clock = ManualClock()

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kassa-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    var databasePath: String { directory.appendingPathComponent("kassa.db").path }

    func makeStore(durability: SQLiteStore.Configuration.Durability = .normal) throws -> SQLiteStore {
        let clock = self.clock
        return try SQLiteStore(configuration: .init(path: databasePath, durability: durability, now: { clock.now }))
    }

    func newCheckout(_ reference: String = "order-1", provider: ProviderID = .secuconnect, minor: Int64 = 4485) -> NewCheckout {
        NewCheckout(orderReference: reference, provider: provider, amount: Money(minorUnits: minor, currency: .eur))
    }

    func update(_ status: Checkout.Status, source: CheckoutEvent.Source = .webhook, amount: Money? = nil,
                refunded: Money? = nil) -> StatusUpdate {
        StatusUpdate(source: source, status: status, providerStatus: "raw-\(status.rawValue)", amount: amount, refundedAmount: refunded)
    }
}

/// Asserts that `body` throws a `PaymentStoreError` equal to `expected`.
func XCTAssertThrowsStoreError<T>(_ expected: PaymentStoreError, _ body: () async throws -> T,
                                  file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await body()
        XCTFail("expected \(expected), nothing thrown", file: file, line: line)
    } catch let error as PaymentStoreError {
        XCTAssertEqual(error, expected, "\(error)", file: file, line: line)
    } catch {
        XCTFail("expected \(expected), got \(error)", file: file, line: line)
    }
}
