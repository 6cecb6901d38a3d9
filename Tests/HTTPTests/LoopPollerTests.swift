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

    func testAWatchStoppedWithinTheBatchGetsNoBatchEnd() throws {
        let poller = LoopPoller(queue: queue)
        try poller.open()
        defer { queue.sync { poller.close() } }
        let pairs = (0..<2).map { _ in Self.socketPair() }
        defer { for (a, b) in pairs { close(a); close(b) } }
        let log = Log()
        let ended = expectation(description: "the open connection's batch end")
        var watches: [LoopPollerWatch] = []
        queue.sync {
            for (i, (fd, peer)) in pairs.enumerated() {
                let watch = LoopPollerWatch(fd: fd, poller: poller, queue: queue)
                watches.append(watch)
                watch.start(readable: { [unowned watch] in
                    var byte: UInt8 = 0
                    _ = read(fd, &byte, 1)
                    log.append("read \(i)")
                    XCTAssertTrue(watch.deferToBatchEnd())
                    // Connection 0 closes within the batch, after asking.
                    if i == 0 { watch.stop {} }
                }, writable: {}, batchEnded: {
                    log.append("end \(i)")
                    ended.fulfill()
                })
                var byte: UInt8 = 1
                XCTAssertEqual(write(peer, &byte, 1), 1)
            }
        }
        wait(for: [ended], timeout: 5)
        queue.sync {}
        XCTAssertEqual(Set(log.entries), ["read 0", "read 1", "end 1"], "\(log.entries)")
        queue.sync { watches[1].stop {} }
    }

    func testConnectionsThatBecomeReadyDuringABusyBatchAreServedInTheSameTurn() throws {
        let poller = LoopPoller(queue: queue)
        try poller.open()
        defer { queue.sync { poller.close() } }
        let pairs = (0..<3).map { _ in Self.socketPair() }
        defer { for (a, b) in pairs { close(a); close(b) } }
        let log = Log()
        let turnEnded = expectation(description: "the queue's next turn")
        var watches: [LoopPollerWatch] = []
        queue.sync {
            for (i, (fd, peer)) in pairs.enumerated() {
                let watch = LoopPollerWatch(fd: fd, poller: poller, queue: queue)
                watches.append(watch)
                watch.start(readable: { [queue] in
                    var byte: UInt8 = 0
                    _ = read(fd, &byte, 1)
                    log.append("read \(i)")
                    guard i == 0 else { return }
                    // Work queued behind this turn, and a third connection ready meanwhile.
                    queue.async { log.append("next turn"); turnEnded.fulfill() }
                    var one: UInt8 = 1
                    XCTAssertEqual(write(pairs[2].1, &one, 1), 1)
                }, writable: {}, batchEnded: {})
            }
            // Two ready at first: a busy loop.
            for (_, peer) in pairs.prefix(2) {
                var byte: UInt8 = 1
                XCTAssertEqual(write(peer, &byte, 1), 1)
            }
        }
        wait(for: [turnEnded], timeout: 5)
        let entries = log.entries
        XCTAssertEqual(entries.last, "next turn", "\(entries)")
        XCTAssertEqual(Set(entries.dropLast()), ["read 0", "read 1", "read 2"], "\(entries)")
        queue.sync { for watch in watches { watch.stop {} } }
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
