import HTTP
import Payments

extension PaymentAPI {
    /// `GET /pay/{id}`: the page a provider made for the buyer (SmartCredit's FranFinance
    /// journey, `NextAction.hostedPage`), served while the checkout waits for the buyer. No API
    /// key: the buyer's browser comes here, and the checkout id is unguessable (`RandomID`).
    /// The page gets a Content-Security-Policy derived from its own content
    /// (`HostedPagePolicy`), no referrer (the URL holds the id) and no caching.
    func hostedPage(_ request: Request) async -> Response {
        let id = CheckoutID(request.parameters["id"] ?? "")
        let checkout: Checkout?
        do {
            checkout = try await store.checkout(id: id)
        } catch {
            return APIProblem.storageUnavailable.response
        }
        guard let checkout, let html = checkout.providerData[ServiceData.hostedPage] else {
            return APIProblem.notFound("no payment page \(id)").response
        }
        guard checkout.status == .created || checkout.status == .pending else {
            // The application was sent: showing its form again could only start it twice.
            return APIProblem(status: 409, code: "page_used",
                              detail: "this payment page was used; the checkout is \(checkout.status.rawValue)").response
        }
        let headers: HTTPHeaders = [
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": HostedPagePolicy(html: html).headerValue,
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        ]
        return Response(status: 200, headers: headers, body: Array(html.utf8))
    }
}
