import Foundation
import JSON
@testable import KassaService
import XCTest

/// `POST /v1/webhooks/secuconnect` under abuse (issue 12): a flood of large unauthenticated
/// posts keeps the database bounded, and many hints for one checkout cause one provider read.
final class WebhookIntakeTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    /// Polls `condition` without blocking a thread of the (small) cooperative pool.
    private func until(seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    private func processedCount() -> Int {
        harness.logLines.all.filter { $0.contains("webhook processed") }.count
    }

    private func providerReads(of stx: String) -> Int {
        harness.logLines.all.filter { $0.contains("provider call") && $0.contains("\"GET\"") && $0.contains(stx) }.count
    }

    func testAFloodOfLargePostsKeepsTheInboxBounded() async throws {
        // The per-address webhook rate limit would answer most of one client's flood 429 first;
        // this test is about what is stored when posts do get through.
        harness = try ServiceHarness(environment: ["KASSA_WEBHOOKS_MAX_UNVERIFIED_ROWS": "50", "KASSA_RATE_LIMIT_ENABLED": "false"])
        let body = String(repeating: "x", count: 65_536)
        let posts = 400
        for index in 0..<posts {
            let response = try await harness.send("POST", "/v1/webhooks/secuconnect?checkout=chk_\(index)", body: body, auth: false)
            XCTAssertEqual(response.status, 200)
        }
        let allProcessed = await until { self.processedCount() == posts }
        XCTAssertTrue(allProcessed, "\(processedCount()) processed")
        // A prune runs every 32 posts; give the last one time to finish.
        var footprint = try await harness.service.sqliteStore!.inboxFootprint()
        for _ in 0..<100 where footprint.rows > 50 + 32 {
            try await Task.sleep(for: .milliseconds(20))
            footprint = try await harness.service.sqliteStore!.inboxFootprint()
        }
        XCTAssertLessThanOrEqual(footprint.rows, 50 + 32)
        XCTAssertLessThanOrEqual(footprint.storedBytes, footprint.rows * 8_192)
        XCTAssertEqual(footprint.receivedBytes, footprint.rows * 65_536)
        let fileSize = try FileManager.default.attributesOfItem(atPath: harness.service.configuration.databasePath)[.size] as? Int ?? 0
        // Unbounded, the bodies alone would be 400 × 64 KiB = 25.6 MB.
        XCTAssertLessThan(fileSize, 2 << 20, "database file \(fileSize) bytes")
    }

    func testManyHintsForOneCheckoutCauseOneProviderRead() async throws {
        harness = try ServiceHarness(environment: ["KASSA_WEBHOOKS_RESYNC_INTERVAL_SECONDS": "600"])
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        let stx = try XCTUnwrap(created.text("provider_reference"), "\(created)")
        let readsBefore = providerReads(of: stx)
        let hints = 20
        let harness = self.harness!
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<hints {
                group.addTask {
                    try await harness.send("POST", "/v1/webhooks/secuconnect?checkout=\(id)", body: #"{"object":"event.pushes"}"#,
                                                auth: false).status
                }
            }
            for try await status in group { XCTAssertEqual(status, 200) }
        }
        let allProcessed = await until { self.processedCount() == hints }
        XCTAssertTrue(allProcessed, "\(processedCount()) processed")
        XCTAssertEqual(providerReads(of: stx) - readsBefore, 1, harness.logLines.all.filter { $0.contains("webhook processed") }.joined(separator: "\n"))
        let footprint = try await harness.service.sqliteStore!.inboxFootprint()
        XCTAssertEqual(footprint.rows, hints, "every hint is still stored")
    }
}
