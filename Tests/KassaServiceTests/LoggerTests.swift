import Foundation
import JSON
import KassaTestSupport
import XCTest
@testable import KassaService

/// The log writer: lines leave on a thread of their own, a full or slow output never blocks
/// the caller (lines are dropped and counted instead), and an interrupted write is retried.
final class LoggerTests: XCTestCase {
    /// A pipe nobody reads fills up: logging goes on without blocking, the lines that do not
    /// fit are dropped and counted, and those written are whole and in order.
    func testAFullOutputNeverBlocksTheCallerAndDroppedLinesAreCounted() throws {
        let pipe = try Pipe()
        let writer = LineWriter(fd: pipe.write, capacity: 8 * 1024)
        defer { writer.stop() }
        let logger = Logger(level: .info, writer: writer)
        let logged = expectation(description: "every log call returned")
        let total = 2_000
        Thread.detachNewThread {
            for i in 0..<total { logger.log(.info, "line", [("n", .number(JSONNumber(i))), ("pad", .string(String(repeating: "x", count: 80)))]) }
            logged.fulfill()
        }
        // A write on the caller's thread would block on the full pipe and never return.
        wait(for: [logged], timeout: 10)
        let dropped = logger.droppedLines
        XCTAssertGreaterThan(dropped, 0, "a pipe of 64 KiB and a buffer of 8 KiB cannot hold \(total) lines")
        let lines = pipe.readLines(count: total - dropped, timeout: 10)
        XCTAssertEqual(lines.count, total - dropped)
        var last: Int64 = -1
        for line in lines {
            let object = try XCTUnwrap(JSONValue.parse(Array(line.utf8)).objectValue, line)
            XCTAssertEqual(object["msg"], .string("line"))
            let n = try XCTUnwrap(object["n"]?.int64Value)
            XCTAssertGreaterThan(n, last)
            last = n
        }
    }

    /// Signals delivered while the writer waits on a full pipe interrupt its `write` (no
    /// SA_RESTART): EINTR is retried, and no line is lost.
    func testInterruptedWritesAreRetried() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGUSR1, &action, &previous)
        defer { sigaction(SIGUSR1, &previous, nil) }

        let pipe = try Pipe()
        let writer = LineWriter(fd: pipe.write, capacity: 1 << 20)
        defer { writer.stop() }
        let logger = Logger(level: .info, writer: writer)
        let total = 200
        for i in 0..<total { logger.log(.info, "line", [("n", .number(JSONNumber(i))), ("pad", .string(String(repeating: "y", count: 1000)))]) }
        // The writer is now blocked on the full pipe: it cannot finish.
        XCTAssertFalse(writer.flush(timeout: .milliseconds(300)))
        for _ in 0..<5 {
            pthread_kill(writer.thread, SIGUSR1)
            usleep(20_000)
        }
        let lines = pipe.readLines(count: total, timeout: 10)
        XCTAssertEqual(lines.count, total)
        XCTAssertEqual(logger.droppedLines, 0)
        XCTAssertTrue(writer.flush(timeout: .seconds(5)))
    }

    /// A descriptor that refuses the bytes for good (a closed pipe) costs the lines, counted.
    func testLinesRefusedByTheOutputAreCountedAsDropped() throws {
        let pipe = try Pipe()
        pipe.closeReadEnd()
        let writer = LineWriter(fd: pipe.write, capacity: 1 << 20)
        defer { writer.stop() }
        let logger = Logger(level: .info, writer: writer)
        for _ in 0..<10 { logger.log(.info, "lost") }
        XCTAssertTrue(writer.flush(timeout: .seconds(5)))
        XCTAssertEqual(logger.droppedLines, 10)
    }

    func testALineIsOneJSONObjectWithItsFieldsInOrder() throws {
        let line = String(decoding: Logger.line(.warning, "say \"hi\"", [("b", .string("x\ny")), ("a", .number(JSONNumber(7)))]), as: UTF8.self)
        XCTAssertTrue(line.hasPrefix(#"{"ts":""#), line)
        XCTAssertTrue(line.hasSuffix(#","level":"warning","msg":"say \"hi\"","b":"x\u000ay","a":7}"#), line)
        let object = try XCTUnwrap(JSONValue.parse(line).objectValue)
        XCTAssertEqual(object.keys, ["ts", "level", "msg", "b", "a"])
        XCTAssertEqual(object["b"], .string("x\ny"))
    }

    func testTimestampsAreRFC3339WithMillisecondsAsTheAPIWritesThem() {
        XCTAssertEqual(Logger.timestamp(seconds: 0, milliseconds: 5), "1970-01-01T00:00:00.005Z")
        XCTAssertEqual(Logger.timestamp(seconds: 1_795_003_208, milliseconds: 500),
                       Timestamp.rfc3339(Date(timeIntervalSince1970: 1_795_003_208.5)))
        XCTAssertEqual(Logger.timestamp().count, 24)
    }
}

/// A pipe whose write end a `LineWriter` writes to (SIGPIPE ignored: a closed read end is an error).
private final class Pipe {
    let read: Int32
    let write: Int32
    private var readOpen = true

    init() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        (read, write) = (fds[0], fds[1])
    }

    deinit {
        if readOpen { close(read) }
        close(write)
    }

    func closeReadEnd() {
        close(read)
        readOpen = false
    }

    /// Reads until `count` lines have arrived or `timeout` passes.
    func readLines(count: Int, timeout: Double) -> [String] {
        var bytes: [UInt8] = []
        var lines = 0
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while lines < count, Date() < deadline {
            var poll = pollfd(fd: read, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 100) > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(read, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            bytes += chunk[..<n]
            lines += chunk[..<n].filter { $0 == 0x0A }.count
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// The dropped-line count reaches `/metrics`.
final class LogMetricsTests: XCTestCase {
    func testMetricsShowTheDroppedLogLineCount() async throws {
        let harness = try ServiceHarness()
        let response = try await harness.send("GET", "/metrics", auth: false)
        await harness.shutdown()
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.bodyText.contains("# TYPE kassa_log_lines_dropped_total counter\nkassa_log_lines_dropped_total "), response.bodyText)
    }
}
