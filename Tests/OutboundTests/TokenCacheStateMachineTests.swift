import XCTest
@testable import Outbound

/// The token cache without a clock, a network or a task.
final class TokenCacheStateMachineTests: XCTestCase {
    private typealias Machine = TokenCacheStateMachine<Int>

    private func isStartFetch(_ action: Machine.RequestAction) -> Bool { if case .startFetch = action { return true }; return false }
    private func isWait(_ action: Machine.RequestAction) -> Bool { if case .wait = action { return true }; return false }
    private func used(_ action: Machine.RequestAction) -> String? { if case .use(let t) = action { return t }; return nil }

    /// A machine that fetched `token` at time zero.
    private func machineHolding(_ token: String, lifetime: Duration) -> Machine {
        var machine = Machine(refreshMargin: .seconds(30))
        _ = machine.requestToken(now: .zero, waiter: 0)
        _ = machine.fetchSucceeded(token: token, lifetime: lifetime, now: .zero)
        return machine
    }

    func testFirstRequestFetchesAndConcurrentRequestsWaitForThatFetch() {
        var machine = Machine(refreshMargin: .seconds(30))
        XCTAssertTrue(isStartFetch(machine.requestToken(now: .zero, waiter: 1)))
        XCTAssertTrue(isWait(machine.requestToken(now: .zero, waiter: 2)))
        XCTAssertTrue(isWait(machine.requestToken(now: .zero, waiter: 3)))
        XCTAssertEqual(machine.fetchSucceeded(token: "t1", lifetime: .seconds(1200), now: .seconds(1)), [1, 2, 3])
        XCTAssertEqual(used(machine.requestToken(now: .seconds(2), waiter: 4)), "t1")
    }

    func testTokenIsReusedUntilShortlyBeforeExpiry() {
        var machine = machineHolding("t1", lifetime: .seconds(1200))
        XCTAssertEqual(machine.cachedToken(now: .seconds(1169)), "t1")
        XCTAssertNil(machine.cachedToken(now: .seconds(1170)))
        XCTAssertTrue(isStartFetch(machine.requestToken(now: .seconds(1170), waiter: 2)))
    }

    func testShortLivedTokensAreKeptForAtLeastHalfTheirLifetime() {
        let machine = machineHolding("t1", lifetime: .seconds(20))
        XCTAssertEqual(machine.cachedToken(now: .seconds(9)), "t1")
        XCTAssertNil(machine.cachedToken(now: .seconds(10)))
    }

    func testFailedFetchFailsEveryWaiterAndTheNextRequestFetchesAgain() {
        var machine = Machine(refreshMargin: .seconds(30))
        _ = machine.requestToken(now: .zero, waiter: 1)
        _ = machine.requestToken(now: .zero, waiter: 2)
        XCTAssertEqual(machine.fetchFailed(), [1, 2])
        XCTAssertTrue(isStartFetch(machine.requestToken(now: .zero, waiter: 3)))
    }

    func testInvalidatingTheCachedTokenForcesOneFetch() {
        var machine = machineHolding("t1", lifetime: .seconds(600))
        machine.invalidate(token: "t1")
        XCTAssertNil(machine.cachedToken(now: .seconds(1)))
        XCTAssertTrue(isStartFetch(machine.requestToken(now: .seconds(1), waiter: 2)))
        // A second caller that saw the same old token refused must not cancel the new fetch.
        machine.invalidate(token: "t1")
        XCTAssertTrue(isWait(machine.requestToken(now: .seconds(1), waiter: 3)))
        XCTAssertEqual(machine.fetchSucceeded(token: "t2", lifetime: .seconds(600), now: .seconds(2)), [2, 3])
        machine.invalidate(token: "t1")
        XCTAssertEqual(machine.cachedToken(now: .seconds(3)), "t2", "a stale 401 does not drop the newer token")
    }
}
