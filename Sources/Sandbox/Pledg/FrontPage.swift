import HTTP
import JSON

/// The simulator's Pledg front: the purchase with its schedule and the buyer's four choices,
/// an error page naming seed 003's error type, and, inside the plugin's iframe, the page that
/// hands the result to the plugin with `postMessage` (seed 003: "The eCard is generated within
/// the Pledg iframe and sent to the plugin using the standard browser API Window.postMessage").
enum FrontPage {
    /// The funnel of an open purchase; `origin` is the plugin page's origin inside the iframe.
    static func purchase(_ purchase: Purchase, actionBase: String, origin: String?) -> Response {
        let settings = purchase.settings
        var body = "<h1>\(escape(settings.title))</h1>\n"
        if let subtitle = settings.subtitle {
            // Seed 003: "use | as line separator".
            body += "<p>" + subtitle.split(separator: "|").map { escape(String($0)) }.joined(separator: "<br>") + "</p>\n"
        }
        body += "<p class=\"amount\">\(escape(formatted(settings.amountCents, settings.currency)))</p>\n"
        body += "<p>\(escape(purchase.account.paymentType.rawValue)) payment · reference <code>\(escape(settings.reference))</code>"
        body += " · purchase <code>\(escape(purchase.uid))</code></p>\n<table><tr><th>Due</th><th>Amount</th><th>Fees</th></tr>\n"
        for share in purchase.schedule.shares {
            body += "<tr><td>\(share.due)</td><td>\(escape(formatted(share.amountCents, settings.currency)))</td>"
            body += "<td>\(escape(formatted(share.fees, settings.currency)))</td></tr>\n"
        }
        body += "</table>\n"
        if purchase.machine.state == .open {
            let hidden = origin.map { "<input type=\"hidden\" name=\"origin\" value=\"\(escape($0))\">" } ?? ""
            var choices: [(PledgSimulator.FunnelOutcome, String)] = [
                (.complete, "Pay"), (.refuse, "Card refused"), (.notEligible, "Not eligible"), (.cancel, "Cancel"),
            ]
            if purchase.account.mode == .back { choices.append((.badGateway, "Merchant PSP fails")) }
            for (choice, label) in choices {
                body += "<form method=\"post\" action=\"\(escape(actionBase))/\(choice.rawValue)\">\(hidden)"
                body += "<button type=\"submit\">\(label)</button></form>\n"
            }
        } else {
            body += "<p>This purchase is <b>\(escape(purchase.machine.state.rawValue))</b>.</p>\n"
        }
        return page(200, title: "Pledg – \(settings.title)", body: body)
    }

    /// An error page naming the error's `type`; inside the iframe it also tells the plugin
    /// (`onError`), which closes the iframe (seed 003: "When an error is raised, the iframe is
    /// always closed").
    static func error(_ error: PledgError, origin: String? = nil) -> Response {
        var body = "<h1>Error: <code class=\"type\">\(escape(error.type))</code></h1>\n<p>\(escape(error.message))</p>\n"
        if let origin { body += message(["event": "error", "error": error.object], to: origin) }
        return page(error.httpStatus, title: "Pledg – \(error.type)", body: body)
    }

    /// A page with one line.
    static func message(_ text: String) -> Response {
        page(200, title: "Pledg", body: "<p>\(escape(text))</p>\n")
    }

    /// The end of the funnel inside the iframe: the plugin's event, posted to `origin` only.
    static func result(_ event: PledgSimulator.PluginEvent, to origin: String) -> Response {
        let object: JSONObject = switch event {
        case .success(let result): ["event": "success", "result": result]
        case .error(let error): ["event": "error", "error": error.object]
        case .cancel: ["event": "cancel"]
        }
        return page(200, title: "Pledg", body: "<p>You can close this window.</p>\n" + message(object, to: origin))
    }

    private static func message(_ object: JSONObject, to origin: String) -> String {
        var tagged = object
        tagged["source"] = "pledg-sandbox"
        return "<script>window.parent.postMessage(\(scriptJSON(.object(tagged))), \(scriptJSON(.string(origin))));</script>\n"
    }

    /// JSON that cannot close the script element: `<`, `>` and `&` only ever occur inside
    /// strings, where their `\u` escapes mean the same.
    static func scriptJSON(_ value: JSONValue) -> String {
        var out = ""
        for c in value.serializedString() {
            switch c {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.append(c)
            }
        }
        return out
    }

    private static func page(_ status: Int, title: String, body: String) -> Response {
        let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:30rem;margin:2rem auto}.amount{font-size:2rem}\
        td,th{padding:.2rem .6rem;text-align:left}form{display:inline-block;margin:.5rem .5rem 0 0}\
        button{font-size:1rem;padding:.5rem 1rem}</style>
        </head><body>
        <p><small>Pledg — Kassa sandbox simulator</small></p>
        \(body)</body></html>

        """
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
                        body: Array(html.utf8))
    }

    /// `30550` EUR → `305.50 EUR`.
    static func formatted(_ minor: Int, _ currency: String) -> String {
        "\(minor / 100).\(CalendarDay.pad(minor % 100, 2)) \(currency)"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
