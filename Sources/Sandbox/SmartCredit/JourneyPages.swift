import HTTP

/// The pages of the simulated customer journey (seed 000 steps 4–6): FranFinance's launch
/// page that initialize answers, the application form, the KYC step, and messages. Small
/// self-contained HTML whose buttons POST forms to the simulator; no page loads anything.
enum JourneyPages {
    /// FranFinance's launch page, initialize's `text/plain` answer for `FRF_*`: a document
    /// whose form carries the journey id to the application form, submitted by a small inline
    /// script at once, or by its button without script (the merchant serves it to the buyer
    /// under its own Content-Security-Policy).
    static func franFinanceLaunch(_ application: CustomerApplication, action: String) -> String {
        let mean = application.draft.paymentMean
        return """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><title>\(escape(mean.providerLabel)) – \(escape(mean.label))</title></head>
        <body>
        <form id="frf-launch" method="post" action="\(escape(action))">
        <input type="hidden" name="auxiliaryDataId" value="\(escape(application.journeyID))">
        <input type="hidden" name="paymentMean" value="\(escape(mean.rawValue))">
        <p>Vous allez être redirigé vers \(escape(mean.providerLabel)) pour votre demande de \(escape(mean.label)).</p>
        <button type="submit">Continuer</button>
        </form>
        <script>document.getElementById("frf-launch").submit();</script>
        </body></html>

        """
    }

    /// The application form: the demand, and one button per decision the sandbox offers.
    static func applicationForm(_ application: CustomerApplication, action: String) -> Response {
        let draft = application.draft
        var body = "<h1>\(escape(draft.paymentMean.providerLabel))</h1>\n"
        body += "<p class=\"amount\">\(DecimalAmount.text(draft.amount)) EUR · \(escape(draft.paymentMean.label))</p>\n"
        body += "<p>Demande <code>\(escape(draft.orderID))</code> · \(escape(draft.customerName)) · \(escape(draft.mainProduct))</p>\n"
        guard application.machine.status == .initialized else {
            return page(409, title: "Application", body: body + "<p>This application was submitted already.</p>\n")
        }
        let labels: [(CustomerApplication.StateMachine.Decision, String)] = [
            (.accept, "Submit: accepted"),
            (.preAcceptThenAccept, "Submit: pre-accepted, accepted after review"),
            (.preAccept, "Submit: pre-accepted, manual release"),
            (.reject, "Submit: rejected"),
            (.abort, "Abandon"),
        ]
        for (decision, label) in labels {
            body += "<form method=\"post\" action=\"\(escape(action))\">"
            body += "<button type=\"submit\" name=\"decision\" value=\"\(decision.rawValue)\">\(label)</button></form>\n"
        }
        return page(200, title: "Application – \(draft.paymentMean.providerLabel)", body: body)
    }

    /// The KYC partner's step of the credit journey (seed 000 step 6): video identification
    /// and signature, done or abandoned.
    static func kyc(_ application: CustomerApplication, action: String) -> Response {
        var body = "<h1>Identification</h1>\n<p>Video identification and contract signature for "
        body += "<code>\(escape(application.draft.orderID))</code>.</p>\n"
        guard application.machine.isAtKYC else {
            return page(409, title: "Identification", body: body + "<p>There is no identification to do.</p>\n")
        }
        for (result, label) in [("identified", "Identify and sign"), ("abandoned", "Abandon")] {
            body += "<form method=\"post\" action=\"\(escape(action))\">"
            body += "<button type=\"submit\" name=\"result\" value=\"\(result)\">\(label)</button></form>\n"
        }
        return page(200, title: "Identification", body: body)
    }

    /// A page with one message.
    static func message(_ status: Int, title: String, text: String) -> Response {
        page(status, title: title, body: "<h1>\(escape(title))</h1>\n<p>\(escape(text))</p>\n")
    }

    /// `303 See Other` to `location`.
    static func seeOther(_ location: String) -> Response {
        Response(status: 303, headers: ["Location": location, "Content-Type": "text/plain; charset=utf-8"],
                 body: Array("See \(location)\n".utf8))
    }

    private static func page(_ status: Int, title: String, body: String) -> Response {
        let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}.amount{font-size:1.5rem}\
        form{margin:.5rem 0}button{font-size:1rem;padding:.5rem 1rem}</style>
        </head><body>
        <p><small>SmartCredit ePOS — Kassa sandbox simulator</small></p>
        \(body)</body></html>

        """
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
    }

    private static func escape(_ text: String) -> String { HostedCheckoutPage.escape(text) }
}
