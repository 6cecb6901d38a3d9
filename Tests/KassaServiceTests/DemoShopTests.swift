import Crypto
import Foundation
import HTTP
import JSON
@testable import KassaService
import Outbound
import XCTest

/// The demo shop at `/` (sandbox mode), over real sockets: the basket page with both sample
/// customers and the payment methods, the checkout it creates through Kassa's own `/v1`, the
/// order page kept current by its one script, and hostile form input answered with a page,
/// never a 500. The browser journeys themselves are Tests/Browser/shop_test.py.
final class DemoShopTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    private static let germanForm = "country=DE&qty_backpack=1&qty_tshirt=2&qty_mug=1&coupon=&shipping=standard"
        + "&customer_civility=Mr&customer_first_name=Max&customer_last_name=Mustermann&customer_email=max%40example.de"
        + "&customer_phone=%2B491701234567&customer_street=Hauptstr.&customer_street_number=1&customer_postal_code=10115"
        + "&customer_city=Berlin&customer_country=DE"

    private func submit(_ form: String) async throws -> OutboundResponse {
        try await harness.client.send(OutboundRequest(method: .post, url: harness.base + "/shop/checkout",
                                                      headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                      body: Array(form.utf8)))
    }

    private func inlineScript(_ html: String) -> String? {
        guard let start = html.range(of: "<script>"), let end = html.range(of: "</script>", range: start.upperBound..<html.endIndex) else {
            return nil
        }
        return String(html[start.upperBound..<end.lowerBound])
    }

    func testTheBasketPageShowsBothSamplesTheTotalAndEveryMethod() async throws {
        harness = try ServiceHarness()
        let page = try await harness.send("GET", "/", auth: false)
        XCTAssertEqual(page.status, 200)
        let html = page.bodyText
        XCTAssertTrue(html.contains("<h1>Kassa demo shop</h1>"), html)
        // 49.90 + 2 × 24.95 + 12.95 + 4.95 shipping.
        XCTAssertTrue(html.contains(#"<b id="total">117.70 EUR</b>"#), html)
        XCTAssertTrue(html.contains(#"name="customer_first_name" value="Max""#))
        XCTAssertTrue(html.contains(#"id="country-FR" href="/?country=FR"#))
        for choice in ["secuconnect", "smartpay", "smartcredit:REVOLVINGPOS", "smartcredit:FRF_3X", "pledg:split"] {
            XCTAssertTrue(html.contains(#"name="method" value="\#(choice)""#), "\(choice) missing")
        }
        XCTAssertFalse(html.contains("<script"), "the basket page needs no script")
        let policy = try XCTUnwrap(page.headers["Content-Security-Policy"])
        XCTAssertFalse(policy.contains("script-src"), policy)

        let french = try await harness.send("GET", "/?country=FR&qty_backpack=0&qty_tshirt=1&qty_mug=0&coupon=welcome10&shipping=express",
                                            auth: false)
        // 24.95 − 10.00 coupon + 12.90 express.
        XCTAssertTrue(french.bodyText.contains(#"<b id="total">27.85 EUR</b>"#), french.bodyText)
        XCTAssertTrue(french.bodyText.contains(#"name="customer_city" value="Paris""#))
        XCTAssertTrue(french.bodyText.contains("incl. 20 % VAT"))
    }

    func testACheckoutGoesToTheProvidersPageAndTheOrderPageFollowsIt() async throws {
        harness = try ServiceHarness()
        let created = try await submit(Self.germanForm + "&method=secuconnect")
        XCTAssertEqual(created.status, 303, created.bodyText)
        let location = try XCTUnwrap(created.headers["Location"])
        XCTAssertTrue(location.hasPrefix(harness.base + "/sandbox/secuconnect/pay?"), location)

        let orders = try await harness.json("GET", "/v1/checkouts?limit=1", expect: 200)
        let checkout = try XCTUnwrap(orders["data"]?[0] ?? orders["checkouts"]?[0])
        let reference = try XCTUnwrap(checkout["order_reference"]?.stringValue)
        XCTAssertTrue(reference.hasPrefix("demo_"), reference)
        XCTAssertEqual(checkout["amount"]?.int64Value, 11770)

        let page = try await harness.send("GET", "/shop/orders/\(reference)", auth: false)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.bodyText.contains(#"<b id="status" class="status pending">pending</b>"#), page.bodyText)
        // The one script is allowed by its hash, and it is the shop's constant script.
        let script = try XCTUnwrap(inlineScript(page.bodyText))
        XCTAssertEqual(script, DemoShopScripts.orderPage)
        let policy = try XCTUnwrap(page.headers["Content-Security-Policy"])
        let digest = Data(SHA256.hash(Array(script.utf8))).base64EncodedString()
        XCTAssertTrue(policy.contains("script-src 'sha256-\(digest)'; connect-src 'self'"), policy)

        let status = try await harness.json("GET", "/shop/orders/\(reference)/status", auth: false, expect: 200)
        XCTAssertEqual(status["status"]?.stringValue, "pending")
        XCTAssertEqual(status["attempts"]?[0]?["provider"]?.stringValue, "secuconnect")
        XCTAssertEqual(status["attempts"]?[0]?["amount_text"]?.stringValue, "117.70 EUR")
        XCTAssertGreaterThan(status["events"]?.arrayValue?.count ?? 0, 0)

        // Paid by the test helper: the status JSON the page polls says so.
        let id = try XCTUnwrap(checkout["id"]?.stringValue)
        _ = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"approve"}"#, expect: 202)
        _ = try await harness.checkout(id) { $0.text("status") == "paid" }
        let paid = try await harness.json("GET", "/shop/orders/\(reference)/status", auth: false, expect: 200)
        XCTAssertEqual(paid["status"]?.stringValue, "paid")
        XCTAssertTrue(paid["events"]?.arrayValue?.contains { $0["status"]?.stringValue == "paid" } ?? false, "\(paid)")
    }

    func testSmartPayGetsTheShopsWidgetPageWithTheSDKAllowed() async throws {
        harness = try ServiceHarness()
        let created = try await submit(Self.germanForm + "&method=smartpay")
        XCTAssertEqual(created.status, 303, created.bodyText)
        let location = try XCTUnwrap(created.headers["Location"])
        XCTAssertTrue(location.hasPrefix("/shop/orders/demo_") && location.hasSuffix("/pay"), location)
        let page = try await harness.send("GET", location, auth: false)
        XCTAssertEqual(page.status, 200, page.bodyText)
        XCTAssertTrue(page.bodyText.contains(#"<script src="\#(harness.base)/sandbox/smartpay/smp-bundle.js"></script>"#), page.bodyText)
        XCTAssertTrue(page.bodyText.contains("data-checkout-token=\""))
        let policy = try XCTUnwrap(page.headers["Content-Security-Policy"])
        XCTAssertTrue(policy.contains("frame-src \(harness.base)"), policy)
        let reference = location.split(separator: "/")[2]
        let verified = try await harness.json("POST", "/shop/orders/\(reference)/verify", auth: false, expect: 200)
        XCTAssertEqual(verified["status"]?.stringValue, "created")
    }

    func testWhatKassaRefusesIsShownOnTheBasketPageField() async throws {
        harness = try ServiceHarness()
        // A French FranFinance credit for the German sample: SmartCredit refuses the country.
        let refused = try await submit(Self.germanForm + "&method=smartcredit:FRF_3X")
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(refused.bodyText.contains("customer.address.country"), refused.bodyText)
        XCTAssertTrue(refused.bodyText.contains(#"name="customer_first_name" value="Max""#), "the form keeps what was typed")
    }

    func testHostileInputGetsAPageNeverACrash() async throws {
        harness = try ServiceHarness()
        for form in ["", "method=nope", "method=secuconnect&qty_backpack=99999999999999999999&qty_tshirt=-1&qty_mug=x",
                     "method=secuconnect&qty_backpack=0&qty_tshirt=0&qty_mug=0",
                     "method=secuconnect&customer_email=%3Cscript%3E&customer_first_name=" + String(repeating: "A", count: 5000),
                     "%%%&&&===", "method=pledg:%00%ff"] {
            let response = try await submit(form)
            XCTAssertTrue([303, 422].contains(response.status), "\(form): \(response.status)")
            XCTAssertFalse(response.bodyText.contains("<script>"), "\(form): nothing typed becomes markup")
        }
        for path in ["/shop/orders/order_1", "/shop/orders/demo_zz", "/shop/orders/demo_\(String(repeating: "a", count: 100))",
                     "/shop/orders/demo_abc/status", "/shop/orders/..%2Fadmin/pay"] {
            let response = try await harness.send("GET", path, auth: false)
            XCTAssertEqual(response.status, 404, path)
        }
        let verify = try await harness.send("POST", "/shop/orders/demo_abc/verify", auth: false)
        XCTAssertEqual(verify.status, 404)
        let quantities = try await harness.send("GET", "/?qty_mug=123456789012345678901234&country=XX", auth: false)
        XCTAssertEqual(quantities.status, 200)
        XCTAssertTrue(quantities.bodyText.contains(#"<b id="total">117.70 EUR</b>"#), "out-of-range values fall back to the defaults")
    }

    func testLiveModeKeepsThePlainPage() async throws {
        harness = try ServiceHarness(environment: ServiceHarness.liveWithSecuconnectOnly)
        let bound = "http://127.0.0.1:\(harness.service.port)"
        let page = try await harness.send("GET", bound + "/", auth: false)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.bodyText.contains("<h1>Kassa</h1>"))
        XCTAssertTrue(page.bodyText.contains(#"<a href="/docs">API reference</a>"#))
        XCTAssertFalse(page.bodyText.contains("demo shop"))
        let shop = try await harness.send("POST", bound + "/shop/checkout", auth: false)
        XCTAssertEqual(shop.status, 404, "no shop route in live mode")
    }

    func testOptionsThatAreNotEligibleAreGreyedOutWithEveryReason() throws {
        // The contract of `POST /v1/payment-options` (the options slice of issue 18).
        let answer = try JSONValue.parse("""
            {"options": [
              {"provider": "pledg", "method": "installment", "eligible": false, "reasons": [
                {"code": "amount_below_minimum", "field": "order.amount", "detail": "at least 5000"},
                {"code": "missing_field", "field": "customer.phone", "detail": "Pledg needs the phone"}]},
              {"provider": "pledg", "method": "deferred", "eligible": true, "reasons": [],
               "schedule": [{"due_date": "2027-01-02", "amount": 11770}]},
              {"provider": "smartpay", "method": null, "eligible": true, "reasons": []}]}
            """)
        let options = try XCTUnwrap(DemoPaymentOption.parse(answer))
        XCTAssertEqual(options.map(\.choice), ["pledg:installment", "pledg:deferred", "smartpay"])
        XCTAssertEqual(options[0].reasons.map(\.code), ["amount_below_minimum", "missing_field"])
        let html = DemoBasketPage.render(.init(basket: DemoBasket(), customer: SampleCustomer(sample: .germany), options: options)).html
        XCTAssertTrue(html.contains(#"id="method-pledg-installment" name="method" value="pledg:installment" disabled>"#), html)
        XCTAssertTrue(html.contains("<li><code>missing_field</code> <code>customer.phone</code>: Pledg needs the phone</li>"), html)
        XCTAssertTrue(html.contains(#"id="method-pledg-deferred" name="method" value="pledg:deferred" checked>"#), "the first eligible one is chosen")
        XCTAssertTrue(html.contains("2027-01-02: 117.70 EUR"), "the schedule preview")
        XCTAssertFalse(html.contains("every enabled method is offered"))
        XCTAssertNil(DemoPaymentOption.parse(try JSONValue.parse(#"{"type":"about:blank","status":404}"#)))
    }

    func testSmartPaysWidgetFrameAllowsItsOwnScriptAndBeingFramed() async throws {
        harness = try ServiceHarness()
        let created = try await submit(Self.germanForm + "&method=smartpay")
        let location = try XCTUnwrap(created.headers["Location"])
        let page = try await harness.send("GET", location, auth: false)
        let token = try XCTUnwrap(page.bodyText.range(of: #"data-checkout-token=""#).map { start in
            String(page.bodyText[start.upperBound...].prefix { $0 != "\"" }) })
        let frame = try await harness.send("GET", "/sandbox/smartpay/widget?checkoutToken=\(token)", auth: false)
        XCTAssertEqual(frame.status, 200)
        let policy = try XCTUnwrap(frame.headers["Content-Security-Policy"])
        let script = try XCTUnwrap(inlineScript(frame.bodyText))
        let digest = Data(SHA256.hash(Array(script.utf8))).base64EncodedString()
        XCTAssertTrue(policy.contains("script-src 'sha256-\(digest)'"), policy)
        XCTAssertTrue(policy.contains("frame-ancestors http: https:"), "the widget is framed by the shop's page: \(policy)")
        let scriptSources = policy.split(separator: ";").first { $0.contains("script-src") } ?? ""
        XCTAssertFalse(scriptSources.contains("unsafe"), "no script but the card form's: \(policy)")
    }

    func testTheShopReachesItsOwnInstanceOnTheBoundAddress() {
        XCTAssertEqual(DemoShopClient.loopbackBase(host: "0.0.0.0", port: 8080), "http://127.0.0.1:8080")
        XCTAssertEqual(DemoShopClient.loopbackBase(host: "", port: 8080), "http://127.0.0.1:8080")
        XCTAssertEqual(DemoShopClient.loopbackBase(host: "::", port: 8080), "http://[::1]:8080")
        XCTAssertEqual(DemoShopClient.loopbackBase(host: "::1", port: 1), "http://[::1]:1")
        XCTAssertEqual(DemoShopClient.loopbackBase(host: "127.0.0.1", port: 42200), "http://127.0.0.1:42200")
    }
}
