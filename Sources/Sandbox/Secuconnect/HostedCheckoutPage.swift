import HTTP

/// The simulator's Smart Checkout page: a small self-contained HTML page with the amount,
/// the merchant, and three buttons (approve, decline, abort) that POST forms.
enum HostedCheckoutPage {
    /// The page for `transaction`; buttons only while it is still `created`.
    static func checkout(_ transaction: SmartTransaction, merchantName: String, method: String?, actionBase: String) -> Response {
        let amount = formatted(transaction.draft.sum, currency: transaction.draft.currency)
        let status = transaction.machine.status
        var body = "<h1>\(escape(merchantName))</h1>\n<p class=\"amount\">\(escape(amount))</p>\n"
        body += "<p>Smart Transaction <code>\(escape(transaction.id))</code>"
        if let method { body += " · payment method <b>\(escape(method))</b>" }
        body += "</p>\n"
        if status == .created {
            let hidden = method.map { "<input type=\"hidden\" name=\"payment-method\" value=\"\(escape($0))\">" } ?? ""
            for (choice, label) in [("approve", "Approve payment"), ("decline", "Decline"), ("abort", "Abort")] {
                body += "<form method=\"post\" action=\"\(escape(actionBase))/\(choice)\">\(hidden)"
                body += "<button type=\"submit\" name=\"choice\" value=\"\(choice)\">\(label)</button></form>\n"
            }
        } else {
            body += "<p>This transaction is <b>\(escape(status.rawValue))</b>.</p>\n"
        }
        return page(200, title: "Smart Checkout – \(merchantName)", body: body)
    }

    /// A page with one message.
    static func message(_ status: Int, title: String, text: String) -> Response {
        page(status, title: title, body: "<h1>\(escape(title))</h1>\n<p>\(escape(text))</p>\n")
    }

    private static func page(_ status: Int, title: String, body: String) -> Response {
        let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto}.amount{font-size:2rem}\
        form{display:inline-block;margin-right:.5rem}button{font-size:1rem;padding:.5rem 1rem}</style>
        </head><body>
        <p><small>secuconnect Smart Checkout — Kassa sandbox simulator</small></p>
        \(body)</body></html>

        """
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
    }

    /// `4485` EUR → `44.85 EUR`, `100` JPY → `100 JPY`: the currency's own exponent.
    static func formatted(_ minor: Int, currency: String) -> String { AmountText.format(minor, currency: currency) }

    /// Escapes text for HTML content and attribute values.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
