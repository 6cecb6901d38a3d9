import HTTP

extension PledgSimulator {
    /// `GET /front/purchases?signature=…[&origin=…]`: the direct call of the front (seed 003);
    /// `origin` is set by `plugin.js` when the front is in its iframe.
    func frontPage(_ request: Request, prefix: String) -> Response {
        let origin: String?
        do throws(PledgError) {
            origin = try pluginOrigin(request.query("origin"))
        } catch {
            return FrontPage.error(error)
        }
        guard let signature = request.query("signature"), !signature.isEmpty else {
            return FrontPage.error(.invalidRequest("The property signature is required"), origin: origin)
        }
        do throws(PledgError) {
            let purchase = try openPurchase(signature: signature, isDirectCall: origin == nil)
            return FrontPage.purchase(purchase, actionBase: prefix + "/front/purchases/" + purchase.uid, origin: origin)
        } catch {
            return FrontPage.error(error, origin: origin)
        }
    }

    /// `POST /front/purchases/{uid}/complete|refuse|not_eligible|cancel` (form field `origin`
    /// inside the iframe): ends the funnel, then `303` to `redirectUrl` (completed) or
    /// `cancelUrl` (seed 003: "when he cancels the payment or when the payment fails"), or,
    /// inside the iframe, the page that tells the plugin.
    func finishFromPage(_ request: Request, _ outcome: FunnelOutcome, faults: SimulatorFaults) throws(PledgError) -> Response {
        let form = QueryString.parse(String(decoding: request.body, as: UTF8.self))
        let origin = try pluginOrigin(form.first { $0.name == "origin" }?.value)
        let (purchase, event) = try finish(request.parameters["uid"] ?? "", outcome, faults: faults)
        if let origin { return FrontPage.result(event, to: origin) }
        guard let target = outcome == .complete ? purchase.settings.redirectURL : purchase.settings.cancelURL else {
            // Opened in the plugin's iframe without return URLs, then posted without it.
            return FrontPage.message("This purchase is \(purchase.machine.state.rawValue). You can close this window.")
        }
        return Response(status: 303, headers: ["Location": target, "Content-Type": "text/plain; charset=utf-8"],
                        body: Array("See \(target)\n".utf8))
    }

    /// The plugin page's origin, which the result is posted to: one of the allowed origins
    /// (the result may carry a card; `postMessage` to `*` would hand it to any page).
    private func pluginOrigin(_ value: String?) throws(PledgError) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard let origin = URLOrigin(url: value), allowedOrigins.contains(origin) else {
            throw .invalidRequest("The plugin's origin is not an allowed origin")
        }
        return value
    }
}
