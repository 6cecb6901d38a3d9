@testable import KassaService
import XCTest

/// The Content-Security-Policy of a provider's page at `/pay/{id}`: only what the page uses.
final class HostedPagePolicyTests: XCTestCase {
    func testAnAutoSubmitPageGetsItsScriptHashAndFormOriginOnly() {
        let script = #"document.getElementById("frf-launch").submit();"#
        let html = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>FranFinance</title></head><body>
        <form id="frf-launch" method="post" action="https://epos.franfinance.example/application?x=1">
        <input type="hidden" name="auxiliaryDataId" value="j1"><button type="submit">Continuer</button></form>
        <script>\(script)</script>
        </body></html>
        """
        let policy = HostedPagePolicy(html: html).headerValue
        XCTAssertEqual(policy, "default-src 'none'; script-src \(HostedPagePolicy.hash(script)); "
                       + "form-action https://epos.franfinance.example; frame-ancestors 'none'; base-uri 'none'")
    }

    func testHandlersStylesImagesFramesAndExternalScriptsAreListedByOrigin() {
        let html = """
        <html><body onload="go()" style="margin:0"><!-- <script>ignored()</script> -->
        <SCRIPT src="https://cdn.example/a.js"></SCRIPT><img src="data:image/png;base64,AA"><img src='https://img.example:8443/logo.png'>
        <iframe src="https://kyc.example/frame"></iframe><link rel="stylesheet" href="https://cdn.example/s.css">
        <form action="/relative"></form><form action="javascript:alert(1)"></form><form></form>
        </body></html>
        """
        let policy = HostedPagePolicy(html: html).headerValue
        XCTAssertTrue(policy.contains("script-src https://cdn.example 'unsafe-hashes' \(HostedPagePolicy.hash("go()"))"), policy)
        XCTAssertTrue(policy.contains("style-src https://cdn.example 'unsafe-inline'"), policy)
        XCTAssertTrue(policy.contains("img-src data: https://img.example:8443"), policy)
        XCTAssertTrue(policy.contains("frame-src https://kyc.example"), policy)
        XCTAssertTrue(policy.contains("form-action 'self';"), "a javascript: action allows nothing: \(policy)")
        XCTAssertFalse(policy.contains("ignored"), policy)
    }

    func testAPageWithoutFormsOrScriptsAllowsNothing() {
        XCTAssertEqual(HostedPagePolicy(html: "<html><body><p>Hello</p></body></html>").headerValue,
                       "default-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
        XCTAssertEqual(HostedPagePolicy.origin("https://a.example\"; script-src *"), nil)
        XCTAssertEqual(HostedPagePolicy.origin("HTTPS://A.example/x"), "https://a.example")
    }
}
