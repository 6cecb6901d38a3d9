import Foundation
import JSON
@testable import KassaService
import KassaTestSupport
import Payments
@testable import Store
import XCTest

/// Storage faults are loud: `/readyz` 503 naming the store, a 503 (never a 500) for the write
/// that failed, one error line per kind, `kassa_store_errors_total{kind}`, and a corrupt file
/// refused at start-up.
///
/// How the faults are made (we run as root, so file modes stop nothing):
/// - a full disk: the data directory is a real 8 MiB tmpfs, filled up by a filler file (ENOSPC);
/// - a read-only store: SQLite's own `PRAGMA query_only` on the store's writer connection (a
///   tmpfs cannot be remounted read-only while Kassa holds its files open for writing: EBUSY);
/// - a corrupt file: pages of a real database overwritten with garbage, then Kassa started on it.
final class StorageFaultTests: XCTestCase {
    private var harness: ServiceHarness?
    private var mountPoint: String?

    override func tearDown() async throws {
        await harness?.shutdown()
        if let mountPoint {
            _ = try? run("/bin/umount", [mountPoint])
            try? FileManager.default.removeItem(atPath: mountPoint)
        }
    }

    private func start(dataDirectory: String? = nil) throws -> ServiceHarness {
        var options = KassaService.Options()
        options.writeProbeInterval = .zero
        options.reconcilesInBackground = false
        options.deliversEventsInBackground = false
        let harness = try ServiceHarness(environment: dataDirectory.map { ["KASSA_DATA_DIR": $0] } ?? [:], options: options)
        self.harness = harness
        return harness
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func storeErrors(_ kind: String, _ harness: ServiceHarness) async throws -> Int {
        let metrics = try await harness.send("GET", "/metrics").bodyText
        let line = try XCTUnwrap(metrics.split(separator: "\n").first { $0.hasPrefix("kassa_store_errors_total{kind=\"\(kind)\"}") })
        return try XCTUnwrap(Int(line.split(separator: " ").last ?? ""))
    }

    private func errorLines(_ kind: String, _ harness: ServiceHarness) -> [String] {
        harness.logLines.all.filter { $0.contains("\"storage failure\"") && $0.contains("\"kind\":\"\(kind)\"") }
    }

    func testAFullDiskMakesReadinessFailAndEveryWriteAPrecise503() async throws {
        let mountPoint = NSTemporaryDirectory() + "kassa-full-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try run("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint]) == 0 else {
            return XCTFail("mounting an 8 MiB tmpfs for the full-disk test needs root (CAP_SYS_ADMIN); this test must run as root")
        }
        self.mountPoint = mountPoint
        let harness = try start(dataDirectory: mountPoint + "/data")
        try await harness.json("GET", "/readyz", auth: false, expect: 200)
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)

        // Fill what is left of the filesystem: the next WAL append gets ENOSPC.
        let filler = mountPoint + "/filler"
        FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        let chunk = Data(repeating: 0x5A, count: 64 * 1024)
        do { while true { try handle.write(contentsOf: chunk) } } catch {}
        try handle.close()

        let ready = try await harness.json("GET", "/readyz", auth: false, expect: 503)
        XCTAssertEqual(ready.text("code"), "store_not_writable")
        XCTAssertTrue(ready.text("detail")?.contains("\(mountPoint)/data/kassa.sqlite") == true, "names the store: \(ready)")
        XCTAssertTrue(ready.text("detail")?.hasSuffix("disk_full") == true, "\(ready)")
        for _ in 0..<3 {
            let refused = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 503)
            XCTAssertEqual(refused.text("code"), "storage_unavailable")
        }
        let counted = try await storeErrors("disk_full", harness)
        XCTAssertGreaterThanOrEqual(counted, 4, "the probe and three refused creations")
        XCTAssertEqual(errorLines("disk_full", harness).count, 1, "one error line for the kind, not one per request")
        XCTAssertTrue(errorLines("disk_full", harness).first?.contains("\"level\":\"error\"") == true)

        // Space again: ready, and a later fault of the kind is news again.
        try FileManager.default.removeItem(atPath: filler)
        try await harness.json("GET", "/readyz", auth: false, expect: 200)
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
    }

    func testAStoreThatRefusesWritesIsReportedReadOnly() async throws {
        let harness = try start()
        try await harness.json("GET", "/readyz", auth: false, expect: 200)
        try await harness.service.sqliteStore!.setQueryOnly(true)

        let ready = try await harness.json("GET", "/readyz", auth: false, expect: 503)
        XCTAssertEqual(ready.text("code"), "store_not_writable")
        XCTAssertTrue(ready.text("detail")?.contains(harness.service.configuration.databasePath) == true, "\(ready)")
        XCTAssertTrue(ready.text("detail")?.hasSuffix("read_only") == true, "\(ready)")
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 503)
        try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 503)
        let counted = try await storeErrors("read_only", harness)
        XCTAssertGreaterThanOrEqual(counted, 3)
        let other = try await storeErrors("disk_full", harness)
        XCTAssertEqual(other, 0, "every kind has its series, zero included")
        XCTAssertEqual(errorLines("read_only", harness).count, 1)

        try await harness.service.sqliteStore!.setQueryOnly(false)
        try await harness.json("GET", "/readyz", auth: false, expect: 200)
        try await harness.service.sqliteStore!.setQueryOnly(true)
        try await harness.json("GET", "/readyz", auth: false, expect: 503)
        XCTAssertEqual(errorLines("read_only", harness).count, 2, "reported again after the store had recovered")
        try await harness.service.sqliteStore!.setQueryOnly(false)
    }

    /// A database with a few checkouts whose last pages are overwritten with garbage.
    private func corruptDatabase() async throws -> String {
        let directory = NSTemporaryDirectory() + "kassa-corrupt-\(UUID().uuidString)"
        let path = directory + "/kassa.sqlite"
        do {
            let harness = try start(dataDirectory: directory)
            for _ in 0..<40 { try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201) }
            await harness.shutdown()
            self.harness = nil
        }
        // Closing the last connection checkpointed the WAL: every page is in the main file.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        XCTAssertGreaterThan(size, 4096 * 8)
        try handle.seek(toOffset: size - 3 * 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 3 * 4096))
        try handle.close()
        return directory
    }

    func testStartUpRefusesACorruptFileWithAClearMessage() async throws {
        let directory = try await corruptDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ["KASSA_PORT": "0", "KASSA_DATA_DIR": directory]
        environment["KASSA_STORE_SYNCHRONOUS"] = "normal"
        let configuration = KassaConfiguration.inspect(environment: environment, readFile: { _ in nil }).configuration
        XCTAssertThrowsError(try KassaService(configuration: configuration)) { error in
            XCTAssertEqual(error as? PaymentStoreError, .corruptDatabase, "\(error)")
            let text = String(describing: error)
            XCTAssertTrue(text.contains(directory + "/kassa.sqlite") && text.contains("corrupt") && text.contains("backup"), text)
        }
    }

    func testServeExitsNonZeroOnACorruptFile() async throws {
        let kassa = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kassa")
        let besideTests = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kassa")
        let binary = FileManager.default.isExecutableFile(atPath: besideTests.path) ? besideTests : kassa
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            return XCTFail("kassa not built at \(binary.path); run swift build --build-tests first")
        }
        let directory = try await corruptDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve"]
        process.environment = ["KASSA_PORT": "0", "KASSA_DATA_DIR": directory, "KASSA_HOST": "127.0.0.1"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0)
        XCTAssertTrue(text.contains("is corrupt") && text.contains("restore it from a backup"), text)
    }
}
