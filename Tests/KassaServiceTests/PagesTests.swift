import Crypto
import Foundation
import HTTP
import JSON
@testable import KassaService
import XCTest

/// The pages for people: `/` names the service and links the docs, `/docs` is the API
/// reference rendered from `/openapi.json`; both plain HTML under a CSP that allows only their
/// own inline style sheet.
final class PagesTests: XCTestCase {
    var harness: ServiceHarness!

    override func setUp() async throws { harness = try ServiceHarness() }
    override func tearDown() async throws { await harness?.shutdown() }

    func testTheHomePageIsTheDemoShopInSandboxMode() async throws {
        let page = try await harness.send("GET", "/", auth: false)
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.headers["Content-Type"], "text/html; charset=utf-8")
        XCTAssertTrue(page.bodyText.contains(#"<a href="/docs">API reference</a>"#), page.bodyText)
        XCTAssertTrue(page.bodyText.contains("<h1>Kassa demo shop</h1>"), page.bodyText)
        XCTAssertFalse(page.bodyText.contains("<script"))
    }

    func testTheReferenceShowsEveryOperationOfTheDocumentAndEveryStatus() async throws {
        let document = try await harness.json("GET", "/openapi.json", auth: false, expect: 200)
        let page = try await harness.send("GET", "/docs", auth: false)
        XCTAssertEqual(page.status, 200)
        let html = page.bodyText
        var operations = 0
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                operations += 1
                let id = try XCTUnwrap(operation["operationId"]?.stringValue)
                XCTAssertTrue(html.contains(#"<h3 id="\#(id)"><span class="method">\#(method)</span> <code>\#(HTMLText.escape(path))</code></h3>"#),
                              "\(method) \(path) missing")
            }
        }
        XCTAssertGreaterThan(operations, 15)
        XCTAssertTrue(html.contains(#"<h3 id="schema-Checkout">Checkout</h3>"#))
        XCTAssertTrue(html.contains(##"<a href="#schema-CheckoutRequest">CheckoutRequest</a>"##))
        XCTAssertFalse(html.contains("<script"))
    }

    func testThePolicyAllowsExactlyThePagesOwnStyleSheet() async throws {
        let page = try await harness.send("GET", "/docs", auth: false)
        let policy = try XCTUnwrap(page.headers["Content-Security-Policy"])
        XCTAssertTrue(policy.hasPrefix("default-src 'none'; style-src 'sha256-"), policy)
        // The hash is of the style element's content as served.
        let html = page.bodyText
        let style = try XCTUnwrap(html.range(of: "<style>").flatMap { start in
            html.range(of: "</style>").map { String(html[start.upperBound..<$0.lowerBound]) } })
        let digest = Data(SHA256.hash(Array(style.utf8))).base64EncodedString()
        XCTAssertTrue(policy.contains("'sha256-\(digest)'"), policy)
    }

    func testEscapingLeavesNoMarkup() {
        XCTAssertEqual(HTMLText.escape(#"<a href="x" onclick='y'>&amp;</a>"#),
                       "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
    }

    func testLiveModesHomePageNamesTheServiceWithoutSandboxHints() async throws {
        await harness.shutdown()
        harness = try ServiceHarness(environment: ServiceHarness.liveWithSecuconnectOnly)
        let page = try await harness.send("GET", "http://127.0.0.1:\(harness.service.port)/", auth: false)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.bodyText.contains("<h1>Kassa</h1>"))
        XCTAssertTrue(page.bodyText.contains(#"href="/docs""#))
        XCTAssertFalse(page.bodyText.contains("sandbox"), page.bodyText)
    }
}
