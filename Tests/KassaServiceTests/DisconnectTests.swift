import Foundation
import JSON
@testable import KassaService
import KassaTestSupport
import XCTest

/// A shop whose connection drops while Kassa talks to the provider: the server cancels the
/// request's task on disconnect (the sandbox's held requests rely on that), but Kassa's own
/// routes are shielded from it, so the provider call ends and is recorded as if the shop had
/// waited: the attempt has its provider reference and no `needs_sync`.
final class DisconnectTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    func testACheckoutWhoseClientDisconnectsIsStillCompletedAtTheProvider() async throws {
        var options = KassaService.Options()
        // The simulator answers the creation after 1 s; the client is gone long before.
        options.sandboxFaults = { method, path in
            method == "POST" && path.hasSuffix("/api/v2/Smart/Transactions") ? "latency=1000" : nil
        }
        harness = try ServiceHarness(options: options)
        let reference = "order_gone_\(UUID().uuidString.prefix(8))"
        let body = checkoutBody(reference: reference)
        do {
            let client = try RawClient(port: harness.service.port)
            client.send("POST /v1/checkouts HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServiceHarness.apiKey)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            // Leaving the scope closes the socket while the provider call is held.
        }
        var order: JSONValue?
        for _ in 0..<100 {
            let response = try await harness.send("GET", "/v1/orders/\(reference)")
            if response.status == 200, let parsed = try? JSONValue.parse(response.body),
               let attempt = parsed["attempts"]?.arrayValue?.first, attempt.text("provider_reference") != nil {
                order = parsed
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let attempt = try XCTUnwrap(order?["attempts"]?.arrayValue?.first, "no attempt with a provider reference")
        XCTAssertEqual(attempt.text("status"), "pending", "\(attempt)")
        XCTAssertEqual(attempt.at("needs_sync"), .bool(false), "\(attempt)")
        XCTAssertTrue(attempt.text("provider_reference")?.hasPrefix("STX_") ?? false, "\(attempt)")
    }
}
