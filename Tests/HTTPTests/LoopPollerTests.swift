import Dispatch
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTP

/// The per-loop poller over real socket pairs: a batch of ready connections is served first,
/// and the output deferred to the batch's end goes out after all of them.
final class LoopPollerTests: XCTestCase {
    private let queue = DispatchQueue(label: "LoopPollerTests")

    func testDeferredWorkRunsOnceAfterEveryConnectionOfTheBatch() throws {
        let log = Log()
        let ended = expectation(description: "every batch end")
        ended.expectedFulfillmentCount = 3
        let pairs = try watchedPairs(3, readable: { i, watch in
            log.append("read \(i)")
            // Asked twice, run once.
            XCTAssertTrue(watch.deferToBatchEnd())
            XCTAssertTrue(watch.deferToBatchEnd())
        }, batchEnded: { i in
            log.append("end \(i)")
            ended.fulfill()
        })
        queue.sync {
            for i in 0..<3 { pairs.send(to: i) }
            // Outside a batch there is nothing to wait for: the caller sends at once.
            XCTAssertFalse(pairs.watches[0].deferToBatchEnd())
        }
        wait(for: [ended], timeout: 5)
        let entries = log.entries
        XCTAssertEqual(entries.count, 6, "\(entries)")
        XCTAssertEqual(Set(entries.prefix(3)), ["read 0", "read 1", "read 2"], "\(entries)")
        XCTAssertEqual(Set(entries.suffix(3)), ["end 0", "end 1", "end 2"], "\(entries)")
    }

    func testAWatchStoppedWithinTheBatchGetsNoBatchEnd() throws {
        let log = Log()
        let ended = expectation(description: "the open connection's batch end")
        let pairs = try watchedPairs(2, readable: { i, watch in
            log.append("read \(i)")
            XCTAssertTrue(watch.deferToBatchEnd())
            // Connection 0 closes within the batch, after asking.
            if i == 0 { watch.stop {} }
        }, batchEnded: { i in
            log.append("end \(i)")
            ended.fulfill()
        })
        queue.sync { for i in 0..<2 { pairs.send(to: i) } }
        wait(for: [ended], timeout: 5)
        queue.sync {}
        XCTAssertEqual(Set(log.entries), ["read 0", "read 1", "end 1"], "\(log.entries)")
    }

    func testConnectionsThatBecomeReadyDuringABusyBatchAreServedInTheSameTurn() throws {
        let log = Log()
        let turnEnded = expectation(description: "the queue's next turn")
        var third: (() -> Void)?
        let pairs = try watchedPairs(3, readable: { [queue] i, _ in
            log.append("read \(i)")
            guard i == 0 else { return }
            // Work queued behind this turn, and a third connection ready meanwhile.
            queue.async { log.append("next turn"); turnEnded.fulfill() }
            third?()
        })
        third = { pairs.send(to: 2) }
        // Two ready at first: a busy loop.
        queue.sync { for i in 0..<2 { pairs.send(to: i) } }
        wait(for: [turnEnded], timeout: 5)
        let entries = log.entries
        XCTAssertEqual(entries.last, "next turn", "\(entries)")
        XCTAssertEqual(Set(entries.dropLast()), ["read 0", "read 1", "read 2"], "\(entries)")
    }

    /// Socket pairs whose first ends a poller on `queue` watches.
    private struct WatchedPairs {
        let poller: LoopPoller
        let watches: [LoopPollerWatch]
        let peers: [Int32]

        /// Makes connection `i` readable: one byte from its peer.
        func send(to i: Int) {
            var byte: UInt8 = 1
            XCTAssertEqual(write(peers[i], &byte, 1), 1)
        }
    }

    /// `count` watched socket pairs. `readable` runs once connection i's byte has been read;
    /// everything is stopped and closed when the test ends.
    private func watchedPairs(_ count: Int, readable: @escaping (Int, LoopPollerWatch) -> Void,
                              batchEnded: @escaping (Int) -> Void = { _ in }) throws -> WatchedPairs {
        let poller = LoopPoller(queue: queue)
        try poller.open()
        let fds = (0..<count).map { _ in Self.socketPair() }
        let watches = queue.sync {
            fds.enumerated().map { i, pair in
                let watch = LoopPollerWatch(fd: pair.0, poller: poller, queue: queue)
                watch.start(readable: { [unowned watch] in
                    var byte: UInt8 = 0
                    _ = read(pair.0, &byte, 1)
                    readable(i, watch)
                }, writable: {}, batchEnded: { batchEnded(i) })
                return watch
            }
        }
        addTeardownBlock { [queue] in
            queue.sync {
                for watch in watches { watch.stop {} }
                poller.close()
            }
            for (a, b) in fds { close(a); close(b) }
        }
        return WatchedPairs(poller: poller, watches: watches, peers: fds.map(\.1))
    }

    private static func socketPair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        return (fds[0], fds[1])
    }
}

/// Events in the order they happened, appended on the poller's queue.
private final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ entry: String) { lock.lock(); items.append(entry); lock.unlock() }
    var entries: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
