import Foundation
@testable import Sandbox
import XCTest

/// Return and push URLs only on Kassa's origin (`publicBaseURL`, here the default
/// `http://127.0.0.1:8080`) and the configured ones (the harness allows the seeds' shop):
/// the simulator is no open redirect and no blind SSRF (issue 12).
final class SecuconnectDestinationTests: SimulatorTestCase {
    private func body(_ field: String, _ url: String) -> String {
        let escaped = url.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\u{0}", with: "\\u0000")
        return #"{"basket_info": {"sum": 500}, "application_context": {"return_urls": {"\#(field)": "\#(escaped)"}}}"#
    }

    private func assertRefused(_ field: String, _ url: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: body(field, url), token: token)
        try harness.assertError(reply, status: 400, error: "ProductBadRequestException", code: 1001, file: file, line: line)
        let details = try harness.json(reply)["error_details"] as? String ?? ""
        XCTAssertTrue(details.contains(field == "url_failure" ? "url_error" : field), details, file: file, line: line)
        XCTAssertEqual(harness.simulator.transactionCount, 0, file: file, line: line)
    }

    func testOpenRedirectsAreRefused() throws {
        for field in ["url_success", "url_failure", "url_error", "url_abort"] {
            try assertRefused(field, "https://evil.example/phish")
            try assertRefused(field, "https://shop.example.com.evil.example/")
            try assertRefused(field, "https://shop.example.com@evil.example/")
            try assertRefused(field, "https://shop.example.com\\@evil.example/")
            try assertRefused(field, "http://shop.example.com/")
            try assertRefused(field, "https://shop.example.com:444/")
        }
    }

    func testBlindSSRFPushesAreRefused() throws {
        for url in ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:6379/", "http://localhost:8080/v1/webhooks/x",
                    "http://[::1]:8080/", "http://127.0.0.1:8080@10.0.0.1/", "http://127.0.0.1:8080/\u{0}x",
                    "http://127.0.0.1:8080/ x", "gopher://127.0.0.1:8080/", "http://127.0.0.1:99999/"] {
            try assertRefused("url_push", url)
        }
    }

    func testKassasOwnAndConfiguredOriginsAreAccepted() throws {
        for (field, url) in [("url_push", "http://127.0.0.1:8080/v1/webhooks/secuconnect?checkout=chk_1"),
                             ("url_success", "https://shop.example.com:443/SUCCESS"),
                             ("url_abort", "https://SHOP.example.com/ABORT")] {
            let reply = try harness.request("POST", "/api/v2/Smart/Transactions", body: body(field, url), token: token)
            XCTAssertEqual(reply.status, 200, "\(field) \(url): \(reply.text)")
        }
    }

    func testOriginsParseStrictly() {
        let cases: [(String, String?)] = [
            ("https://shop.example.com", "https://shop.example.com:443"),
            ("HTTPS://Shop.Example.com:443/a?b#c", "https://shop.example.com:443"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://[::1]:8080/x", "http://[::1]:8080"),
            ("http://[::1]/x", "http://[::1]:80"),
            ("http://a:b@host/", nil),
            ("http://host\\@evil/", nil),
            ("http://ho st/", nil),
            ("http://host/\t", nil),
            ("http:///x", nil),
            ("http://:80/", nil),
            ("http://host:0/", nil),
            ("http://host:65536/", nil),
            ("http://host:8a/", nil),
            ("http://hö.st/", nil),
            ("http://%68ost/", nil),
            ("ftp://host/", nil),
            ("//host/", nil),
            ("http://[::1/", nil),
        ]
        for (url, origin) in cases {
            XCTAssertEqual(URLOrigin(url: url)?.description, origin, url)
        }
    }
}
