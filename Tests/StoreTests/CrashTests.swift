import Foundation
import Payments
import Store
import XCTest

// A child process (`kassa-store-tool crash-writer`) writes checkouts and events in a loop and
// reports each committed write on stdout; it is killed with SIGKILL at random moments. After
// every kill the database must pass `PRAGMA integrity_check` and hold every reported write.
final class CrashTests: StoreTestCase {
    // About SQLite's file after a crash: SQLite only (makeSQLiteStore).
    private static let kills = 20

    // Built next to the test bundle by `swift build --build-tests` (scripts/test).
    private var toolURL: URL {
        let besideTests = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kassa-store-tool")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kassa-store-tool")
    }

    func testKilledWriterLosesNoCommittedWriteAndLeavesASoundDatabase() async throws {
        let tool = toolURL
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            return XCTFail("kassa-store-tool not built at \(tool.path); run swift build --build-tests first")
        }
        var reportedCheckouts: [CheckoutID: Int64] = [:]   // id → sequence of its created event
        var reportedEvents: [Int64: CheckoutID] = [:]       // sequence → checkout

        for round in 0..<Self.kills {
            let process = Process()
            process.executableURL = tool
            process.arguments = ["crash-writer", databasePath]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }

            try await Task.sleep(nanoseconds: UInt64.random(in: 30_000_000...250_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "round \(round): the writer must die by the signal, not on its own")
            let text = String(decoding: await reader.value, as: UTF8.self)

            // Only complete lines count: a line cut by the kill was never fully reported.
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let fields = line.split(separator: " ")
                switch fields.first {
                case "checkout": reportedCheckouts[CheckoutID(String(fields[1]))] = Int64(fields[2])!
                case "event": reportedEvents[Int64(fields[2])!] = CheckoutID(String(fields[1]))
                case "ready": break
                default: XCTFail("round \(round): unexpected output \(line)")
                }
            }

            let store = try makeSQLiteStore()
            let integrity = try await store.integrityCheck()
            XCTAssertEqual(integrity, ["ok"], "round \(round)")
            let events = try await store.events(after: 0, limit: Int.max, publishedOnly: false)
            let stored = Dictionary(events.map { ($0.sequence, $0) }, uniquingKeysWith: { a, _ in a })
            for (id, createdSequence) in reportedCheckouts {
                let checkout = try await store.checkout(id: id)
                XCTAssertNotNil(checkout, "round \(round): committed checkout \(id) lost")
                XCTAssertEqual(stored[createdSequence]?.checkoutID, id, "round \(round): created event of \(id) lost")
            }
            for (sequence, id) in reportedEvents {
                XCTAssertEqual(stored[sequence]?.checkoutID, id, "round \(round): committed event \(sequence) lost")
                XCTAssertEqual(stored[sequence]?.newStatus, .pending)
            }
        }
        XCTAssertGreaterThan(reportedEvents.count, Self.kills, "the writer must have committed something to check")
    }
}
