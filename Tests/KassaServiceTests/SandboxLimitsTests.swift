import Foundation
import JSON
@testable import KassaService
import XCTest

/// The `sandbox.*` fields reach the in-process simulators: `X-Sandbox-Fault` only where
/// allowed, return and push URLs only to Kassa itself and the configured origins.
final class SandboxLimitsTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    private func token() async throws -> OutboundResponseText {
        let response = try await harness.send("POST", "/sandbox/secuconnect/oauth/token", body: """
            {"grant_type": "client_credentials", "client_id": "00563697073442633035025909838580",
             "client_secret": "3382456441636938321687549172178382320163695870914358804052148567"}
            """, headers: [("X-Sandbox-Fault", "status=503")], auth: false)
        return OutboundResponseText(status: response.status, text: response.bodyText)
    }

    func testKassaServeIgnoresTheFaultHeaderUnlessConfigured() async throws {
        var options = KassaService.Options()
        options.allowsSandboxFaultHeader = false
        harness = try ServiceHarness(options: options)
        let ignored = try await token()
        XCTAssertEqual(ignored.status, 200, ignored.text)
        await harness.shutdown()

        harness = try ServiceHarness(environment: ["KASSA_SANDBOX_ALLOW_FAULT_HEADER": "true"], options: options)
        let honoured = try await token()
        XCTAssertEqual(honoured.status, 503)
    }

    func testAServiceBuiltInCodeHonoursTheFaultHeader() async throws {
        harness = try ServiceHarness()
        let honoured = try await token()
        XCTAssertEqual(honoured.status, 503)
    }

    func testTheSimulatorRedirectsOnlyToKassaAndConfiguredOrigins() async throws {
        harness = try ServiceHarness(environment: ["KASSA_SANDBOX_ALLOWED_REDIRECT_ORIGINS": "https://shop.example.com"])
        let tokenResponse = try await harness.send("POST", "/sandbox/secuconnect/oauth/token", body: """
            {"grant_type": "client_credentials", "client_id": "00563697073442633035025909838580",
             "client_secret": "3382456441636938321687549172178382320163695870914358804052148567"}
            """, auth: false)
        let accessToken = try XCTUnwrap(try JSONValue.parse(tokenResponse.body).text("access_token"))
        func create(_ urls: String) async throws -> Int {
            try await harness.send("POST", "/sandbox/secuconnect/api/v2/Smart/Transactions",
                                   body: #"{"basket_info": {"sum": 500}, "application_context": {"return_urls": {\#(urls)}}}"#,
                                   headers: [("Authorization", "Bearer \(accessToken)")], auth: false).status
        }
        let redirect = try await create(#""url_success": "https://evil.example/""#)
        XCTAssertEqual(redirect, 400)
        let ssrf = try await create(#""url_push": "http://169.254.169.254/""#)
        XCTAssertEqual(ssrf, 400)
        let allowed = try await create(#""url_success": "https://shop.example.com/ok", "url_push": "\#(harness.base)/v1/webhooks/secuconnect""#)
        XCTAssertEqual(allowed, 200)
    }

    func testAllowedOriginsMustBeOrigins() {
        let report = KassaConfiguration.inspect(arguments: [], environment: ["KASSA_SANDBOX_ALLOWED_REDIRECT_ORIGINS": "https://ok.example,ftp://x"],
                                                readFile: { _ in nil })
        XCTAssertEqual(report.problems.map(\.path), ["sandbox.allowed_redirect_origins[1]"])
    }
}

struct OutboundResponseText {
    let status: Int
    let text: String
}
