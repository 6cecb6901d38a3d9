import FoundationEssentials
import HTTP
import Payments

/// The frame and the small pages of `/admin`: sign-in, refusals, search results. Every value
/// goes through `e(_:)` (HTML escaping) or `q(_:)` (a query value); nothing is a script.
enum AdminPages {
    /// The operator pages' own rules, after the shared style sheet.
    static let style = """
        .counts{display:flex;gap:1rem;flex-wrap:wrap}.counts div{border:1px solid #dde;border-radius:6px;padding:.4rem .8rem}
        .counts b{display:block;font-size:1.4rem}.warn{color:#a33}.ok{color:#275}form.inline{display:inline}
        input{font:inherit;padding:.2rem .4rem}button{font:inherit;cursor:pointer}
        pre.excerpt{max-width:32rem;white-space:pre-wrap;word-break:break-all;margin:0}
        """

    /// The operator pages' sheet and policy (they have forms).
    static let look = HTMLPage.Look(extraStyle: style, hasForms: true)

    /// A page inside the operator frame; `csrfToken` nil for the pages shown before sign-in.
    static func page(_ title: String, _ body: String, csrfToken: String?, search: String = "") -> HTMLPage {
        var header = #"<nav><a href="/admin">Overview</a>"#
        if let csrfToken {
            header += #"<form class="inline" method="get" action="/admin/search"><input name="q" value="\#(e(search))" "#
                + #"placeholder="order reference, checkout id or provider reference" size="44" maxlength="\#(AdminRoutes.maxSearchLength)">"#
                + #" <button type="submit">Search</button></form> "#
                + #"<form class="inline" method="post" action="/admin/logout"><input type="hidden" name="csrf" value="\#(e(csrfToken))">"#
                + #"<button type="submit">Sign out</button></form>"#
        }
        header += "</nav>"
        return HTMLPage(title: title + " · Kassa admin", body: header + body, look: look)
    }

    /// The sign-in form, with an optional message (a failed attempt).
    static func login(message: String? = nil) -> HTMLPage {
        var body = "<h1>Kassa operator sign-in</h1>"
        if let message { body += #"<p class="warn">\#(e(message))</p>"# }
        body += """
            <form method="post" action="/admin/login">
            <p><label>Admin key <input type="password" name="key" autocomplete="current-password" required autofocus></label>
            <button type="submit">Sign in</button></p></form>
            <p class="muted">Or send the key with HTTP Basic (<code>curl -u admin:KEY …/admin</code>).</p>
            """
        return page("Sign in", body, csrfToken: nil)
    }

    /// 429 with `Retry-After` (RFC 6585 §4).
    static func tooManyAttempts(_ seconds: Int) -> Response {
        var response = page("Too many attempts", #"<h1>Too many failed sign-ins</h1><p class="warn">Try again in \#(seconds) s.</p>"#,
                            csrfToken: nil).response(status: 429)
        response.headers.replaceOrAdd(name: "Retry-After", value: String(seconds))
        return response
    }

    /// An error page with `status`.
    static func problem(_ status: Int, _ message: String, csrfToken: String?) -> Response {
        page(HTTPStatus.reason(status), "<h1>\(e(HTTPStatus.reason(status)))</h1><p>\(e(message))</p>", csrfToken: csrfToken)
            .response(status: status)
    }

    /// The checkouts a search found (when they are not all of one order).
    static func results(_ term: String, _ checkouts: [Checkout], csrfToken: String) -> HTMLPage {
        var body = "<h1>Search: <code>\(e(term))</code></h1>"
        if checkouts.isEmpty {
            body += "<p>No checkout has this id, order reference or provider reference.</p>"
        } else {
            body += checkoutTable(checkouts)
        }
        return page("Search", body, csrfToken: csrfToken, search: term)
    }

    /// A table of checkouts, each linking to its order.
    static func checkoutTable(_ checkouts: [Checkout]) -> String {
        var html = "<table><tr><th>checkout</th><th>order</th><th>provider</th><th>status</th><th>amount</th><th>updated</th></tr>"
        for checkout in checkouts {
            html += "<tr><td><code>\(e(checkout.id.rawValue))</code></td>"
                + #"<td><a href="\#(orderLink(checkout.orderReference))">\#(e(checkout.orderReference))</a></td>"#
                + "<td>\(e(checkout.provider.rawValue))</td><td>\(statusText(checkout))</td>"
                + "<td>\(e(money(checkout.amount)))</td><td>\(e(time(checkout.updatedAt)))</td></tr>"
        }
        return html + "</table>"
    }

    /// The status, with `needs_sync` when flagged.
    static func statusText(_ checkout: Checkout) -> String {
        #"<span class="status">\#(e(checkout.status.rawValue))</span>"# + (checkout.needsSync ? #" <span class="warn">needs_sync</span>"# : "")
    }

    static func orderLink(_ reference: String) -> String { "/admin/orders?reference=" + q(reference) }

    static func time(_ date: Date) -> String { Timestamp.rfc3339(date) }

    /// `12.34 EUR`, `100 JPY`: with the currency's own exponent.
    static func money(_ amount: Money) -> String { amount.decimalString + " " + amount.currency.code }

    static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// `text` percent-encoded for a query value (RFC 3986 §2.3: only unreserved characters stay).
    static func q(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
