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
        let poller = LoopPoller(queue: queue)
        try poller.open()
        defer { queue.sync { poller.close() } }
        let pairs = (0..<3).map { _ in Self.socketPair() }
        defer { for (a, b) in pairs { close(a); close(b) } }
        let log = Log()
        let ended = expectation(description: "every batch end")
        ended.expectedFulfillmentCount = pairs.count
        var watches: [LoopPollerWatch] = []
        queue.sync {
            for (i, (fd, peer)) in pairs.enumerated() {
                let watch = LoopPollerWatch(fd: fd, poller: poller, queue: queue)
                watches.append(watch)
                watch.start(readable: { [unowned watch] in
                    var byte: UInt8 = 0
                    _ = read(fd, &byte, 1)
                    log.append("read \(i)")
                    // Asked twice, run once.
                    XCTAssertTrue(watch.deferToBatchEnd())
                    XCTAssertTrue(watch.deferToBatchEnd())
                }, writable: {}, batchEnded: {
                    log.append("end \(i)")
                    ended.fulfill()
                })
                var byte: UInt8 = 1
                XCTAssertEqual(write(peer, &byte, 1), 1)
            }
            // Outside a batch there is nothing to wait for: the caller sends at once.
            XCTAssertFalse(watches[0].deferToBatchEnd())
        }
        wait(for: [ended], timeout: 5)
        let entries = log.entries
        XCTAssertEqual(entries.count, 6, "\(entries)")
        XCTAssertEqual(Set(entries.prefix(3)), ["read 0", "read 1", "read 2"], "\(entries)")
        XCTAssertEqual(Set(entries.suffix(3)), ["end 0", "end 1", "end 2"], "\(entries)")
        queue.sync { for watch in watches { watch.stop {} } }
    }

    func testAStoppedWatchGetsNoBatchEnd() throws {
        let poller = LoopPoller(queue: queue)
        try poller.open()
        defer { queue.sync { poller.close() } }
        let (fd, peer) = Self.socketPair()
        defer { close(fd); close(peer) }
        let log = Log()
        let stopped = expectation(description: "stopped")
        queue.sync {
            let watch = LoopPollerWatch(fd: fd, poller: poller, queue: queue)
            watch.start(readable: { [unowned watch] in
                log.append("read")
                XCTAssertTrue(watch.deferToBatchEnd())
                // The connection closes within the batch, after asking.
                watch.stop { stopped.fulfill() }
            }, writable: {}, batchEnded: { log.append("end") })
            var byte: UInt8 = 1
            XCTAssertEqual(write(peer, &byte, 1), 1)
        }
        wait(for: [stopped], timeout: 5)
        queue.sync {}
        XCTAssertEqual(log.entries, ["read"])
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
