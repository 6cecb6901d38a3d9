import HTTP
import JSON

/// The demo shop's order page (`GET /shop/orders/{reference}`), where every provider's journey
/// ends: the order's status, its attempts and the event timeline as Kassa reports them, drawn
/// by the server and then kept current by one script (allowed by hash) that reads the shop's
/// `…/status` JSON every second. Also SmartPay's payment page, which renders the widget.
enum DemoOrderPage {
    static let look = HTMLPage.Look(extraStyle: DemoShopStyle.sheet, scripts: [DemoShopScripts.orderPage])

    /// The page for `order` (the shop's status JSON, `DemoOrderStatus`).
    static func render(reference: String, order: JSONValue) -> HTMLPage {
        let status = order["status"]?.stringValue ?? "unknown"
        var body = """
            <h1>Order <code>\(e(reference))</code></h1>
            <div id="order" data-status-url="/shop/orders/\(e(reference))/status">
            <p>Status <b id="status" class="status \(e(status))">\(e(status))</b> <span class="muted">(updates by itself)</span></p>
            <p id="open-hint"\(status == "created" || status == "pending" ? "" : " hidden")>Not paid yet: the provider has not \
            confirmed a payment. If you left its page or the payment was refused, <a href="/">go back to the shop</a> and try again.</p>
            <p id="problem" class="problem"></p>
            <h2>Attempts</h2><table><thead><tr><th>checkout</th><th>provider</th><th>method</th><th>status</th><th>provider status</th><th>amount</th></tr></thead><tbody id="attempts">
            """
        body += rows(order["attempts"], ["id", "provider", "method", "status", "provider_status", "amount_text"])
        body += "</tbody></table><h2>Timeline</h2><table><thead><tr><th>at</th><th>checkout</th><th>event</th><th>status</th>"
        body += "<th>provider status</th><th>source</th><th>detail</th></tr></thead><tbody id=\"timeline\">"
        body += rows(order["events"], ["occurred_at", "checkout_id", "type", "status", "provider_status", "source", "detail"])
        body += "</tbody></table></div><p><a href=\"/\">Back to the shop</a> · <a href=\"/admin\">Operator page</a></p>"
        body += "<script>\(DemoShopScripts.orderPage)</script>"
        return HTMLPage(title: "Order \(reference) – Kassa demo shop", body: body, look: look)
    }

    /// SmartPay's payment page: the widget from `sdkURL` in `#selector-container`. Its policy
    /// allows the SDK's origin (script and frame) and the page's own script by hash.
    static func smartPay(reference: String, checkoutToken: String, sdkURL: String, amount: String) -> HTMLPage {
        let origin = HostedPagePolicy.origin(sdkURL) ?? "'none'"
        let look = HTMLPage.Look(extraStyle: DemoShopStyle.sheet, scripts: [DemoShopScripts.smartPayPage],
                                 scriptSources: [origin], frameSources: [origin])
        let body = """
            <h1>Pay \(e(amount)) with SmartPay</h1>
            <p class="muted">Order <code>\(e(reference))</code>. The card form below is SmartPay's widget (simulated).</p>
            <div id="payment" data-checkout-token="\(e(checkoutToken))" data-verify-url="/shop/orders/\(e(reference))/verify"
             data-order-url="/shop/orders/\(e(reference))"></div>
            <div id="selector-container"></div><p id="problem" class="problem"></p>
            <script src="\(e(sdkURL))"></script><script>\(DemoShopScripts.smartPayPage)</script>
            """
        return HTMLPage(title: "SmartPay – Kassa demo shop", body: body, look: look)
    }

    /// A page with one message (Kassa unreachable, an unknown order).
    static func message(_ title: String, _ text: String) -> HTMLPage {
        HTMLPage(title: title, body: "<h1>\(e(title))</h1><p>\(e(text))</p><p><a href=\"/\">Back to the shop</a></p>",
                 look: DemoBasketPage.look)
    }

    private static func rows(_ list: JSONValue?, _ columns: [String]) -> String {
        (list?.arrayValue ?? []).map { item in
            "<tr>" + columns.map { "<td>\(e(item[$0]?.stringValue ?? ""))</td>" }.joined() + "</tr>"
        }.joined()
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }
}
