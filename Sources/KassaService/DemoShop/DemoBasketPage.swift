import HTTP

/// `GET /` in sandbox mode: the demo shop's basket page. Without any script: the basket form
/// (quantities, coupon, shipping) and the customer form re-render the page by GET, the payment
/// methods come from `POST /v1/payment-options` for exactly that basket and customer (eligible
/// ones selectable, the others disabled with their reasons), and "Pay" posts to
/// `/shop/checkout`.
enum DemoBasketPage {
    /// The basket and checkout forms; forms post to this origin, whose answer redirects the
    /// browser on to the provider's page (any origin: `form-action` is checked along the redirect).
    static let look = HTMLPage.Look(extraStyle: DemoShopStyle.sheet, hasForms: true, formTargets: "'self' http: https:")

    /// What the page shows besides the basket.
    struct Content {
        var basket: DemoBasket
        var customer: SampleCustomer
        var options: [DemoPaymentOption]
        /// Whether the options are the fallback (the options route answered 404).
        var optionsAreAssumed = false
        /// The choice to keep selected.
        var selected: String? = nil
        /// Kassa's refusal of the last attempt, field by field.
        var problems: [String] = []
    }

    static func render(_ content: Content) -> HTMLPage {
        let basket = content.basket
        var body = """
            <header><h1>Kassa demo shop</h1><p class="muted">A shop as a merchant would build it on Kassa: its server calls
            Kassa's <code>/v1</code> API with the sandbox key, every provider is simulated by this instance.
            <a href="/docs">API reference</a> · <a href="/admin">Operator page</a></p></header>
            <nav class="switch">Sample customer:
            """
        for country in SampleCustomer.Country.allCases {
            var switched = basket
            switched.country = country
            let current = country == basket.country ? " aria-current=\"true\"" : ""
            body += #"<a id="country-\#(country.rawValue)" href="/?\#(query(switched.queryItems))"\#(current)>\#(country.name)</a>"#
        }
        body += "</nav>\n<h2>Basket</h2>\n<form id=\"basket\" method=\"get\" action=\"/\">"
        body += #"<input type="hidden" name="country" value="\#(basket.country.rawValue)">"#
        body += "<table><tr><th>article</th><th>price</th><th>quantity</th></tr>"
        for (product, quantity) in zip(DemoCatalog.products, basket.quantities) {
            body += "<tr><td>\(e(product.name))</td><td>\(DemoMoney.text(product.unitAmount))</td><td><select name=\"qty_\(product.reference)\">"
            for count in 0...DemoCatalog.maxQuantity {
                body += "<option\(count == quantity ? " selected" : "")>\(count)</option>"
            }
            body += "</select></td></tr>"
        }
        body += "</table><p><label>Coupon <input name=\"coupon\" value=\"\(e(basket.coupon))\" placeholder=\"\(DemoCatalog.couponCode)\"></label>"
        if !basket.coupon.isEmpty {
            body += basket.couponApplies ? " <span class=\"ok\">−\(DemoMoney.text(DemoCatalog.couponAmount))</span>"
                : " <span class=\"bad\">unknown coupon</span>"
        }
        body += "</p><fieldset><legend>Shipping</legend>"
        for shipping in DemoCatalog.shippings {
            let checked = shipping.code == basket.shipping ? " checked" : ""
            body += #"<label><input type="radio" name="shipping" value="\#(shipping.code)"\#(checked)> \#(e(shipping.name)) (\#(DemoMoney.text(shipping.amount)))</label>"#
        }
        body += "</fieldset><button type=\"submit\">Update basket</button></form>\n"
        body += "<p class=\"total\">Total <b id=\"total\">\(DemoMoney.text(basket.total))</b> <span class=\"muted\">incl. \(basket.taxRate) % VAT</span></p>\n"
        body += checkoutForm(content)
        return HTMLPage(title: "Kassa demo shop", body: body, look: look)
    }

    private static func checkoutForm(_ content: Content) -> String {
        var html = "<h2>Checkout</h2>\n"
        if !content.problems.isEmpty {
            html += "<div id=\"problems\" class=\"problem\"><p>Kassa refused the checkout:</p><ul>"
            html += content.problems.map { "<li>\(e($0))</li>" }.joined() + "</ul></div>\n"
        }
        html += "<form id=\"checkout\" method=\"post\" action=\"/shop/checkout\">"
        for (name, value) in content.basket.queryItems {
            html += #"<input type="hidden" name="\#(e(name))" value="\#(e(value))">"#
        }
        html += "<fieldset><legend>Customer</legend><div class=\"fields\">"
        for (name, label) in SampleCustomer.fields {
            html += #"<label>\#(e(label)) <input name="customer_\#(name)" value="\#(e(content.customer.values[name] ?? ""))"></label>"#
        }
        html += "</div></fieldset><fieldset id=\"methods\"><legend>Payment method</legend>"
        if content.optionsAreAssumed {
            html += "<p class=\"muted\">This instance has no <code>/v1/payment-options</code> yet: every enabled method is offered.</p>"
        }
        if content.options.isEmpty { html += "<p>No payment provider is enabled.</p>" }
        let firstEligible = content.options.first { $0.eligible }?.choice
        for option in content.options {
            let id = "method-" + String(option.choice.map { $0 == ":" ? "-" : $0 })
            let checked = option.choice == (content.selected ?? firstEligible) && option.eligible ? " checked" : ""
            let disabled = option.eligible ? "" : " disabled"
            html += #"<div class="pay-method\#(option.eligible ? "" : " ineligible")"><label><input type="radio" id="\#(e(id))" name="method" value="\#(e(option.choice))"\#(checked)\#(disabled)> \#(e(option.label))</label>"#
            if !option.schedule.isEmpty {
                html += "<span class=\"muted\"> — " + option.schedule.map { "\(e($0.dueDate)): \(DemoMoney.text($0.amount))" }.joined(separator: ", ") + "</span>"
            }
            if !option.reasons.isEmpty {
                html += "<ul class=\"reasons\">" + option.reasons.map { reason in
                    "<li><code>\(e(reason.code))</code>\(reason.field.map { " <code>\(e($0))</code>" } ?? ""): \(e(reason.detail))</li>"
                }.joined() + "</ul>"
            }
            html += "</div>"
        }
        html += "</fieldset><p><button type=\"submit\" id=\"pay\">Pay \(DemoMoney.text(content.basket.total))</button> "
        html += "<button type=\"submit\" formmethod=\"get\" formaction=\"/\" id=\"recheck\">Check payment methods for this customer</button></p></form>\n"
        return html
    }

    private static func query(_ items: [(String, String)]) -> String {
        items.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&amp;")
    }

    /// RFC 3986 unreserved characters as they are, every other byte as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved { result.unicodeScalars.append(UnicodeScalar(byte)) } else {
                let hex = Array("0123456789ABCDEF")
                result += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 15)])"
            }
        }
        return result
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }
}
