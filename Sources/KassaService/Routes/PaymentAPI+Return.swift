import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `GET /v1/return/{provider}/{id}?outcome=success|error|abort`: where the provider's
    /// hosted page sends the buyer. Re-reads the payment from the provider (the query is only a
    /// hint), applies it, then `303`s the buyer to the shop's own URL for the outcome.
    func returnFromProvider(_ request: Request) async -> Response {
        let id = CheckoutID(request.parameters["id"] ?? "")
        let outcome = request.query("outcome") ?? ""
        guard ["success", "error", "abort"].contains(outcome) else {
            return APIProblem.validation([JSONFieldError(path: [.key("outcome")], message: "must be success, error or abort")]).response
        }
        let checkout: Checkout
        do {
            guard let found = try await store.checkout(id: id), found.provider.rawValue == request.parameters["provider"] else {
                return APIProblem.notFound("no checkout \(id)").response
            }
            checkout = found
        } catch {
            return APIProblem.storageUnavailable.response
        }
        var current = checkout
        do {
            current = try await synchronize(checkout, source: .return)
        } catch {
            // The buyer is still sent on; the webhook or the reconciler will bring the status.
            // The problem's code, not the error's description: that one carries the whole
            // checkout (its provider data, Pledg's signed settings) into every such line.
            let code = (error as? CheckoutServiceError).map { Self.problem(for: $0).code } ?? String(describing: type(of: error))
            logger.log(.warning, "return: provider status not read", [("checkout_id", .string(id.rawValue)), ("error", .string(code))])
        }
        let key: String
        switch current.status {
        case .paid, .authorized, .partiallyRefunded, .refunded:
            // An order is paid once: a buyer whose payment came second (refunded, or flagged for
            // the shop) is not sent to the success page of an order another attempt paid.
            let paidElsewhere = (try? await store.order(reference: current.orderReference))?.paidCheckoutID.map { $0 != current.id } ?? false
            key = paidElsewhere ? ServiceData.shopFailureURL : ServiceData.shopSuccessURL
        case .failed, .expired: key = ServiceData.shopFailureURL
        case .canceled: key = ServiceData.shopCancelURL
        case .created, .pending:
            key = outcome == "success" ? ServiceData.shopSuccessURL : outcome == "error" ? ServiceData.shopFailureURL : ServiceData.shopCancelURL
        }
        guard let target = current.providerData[key] else {
            return APIProblem(status: 409, code: "no_return_url", detail: "the checkout has no return URL for this outcome").response
        }
        let separator = target.contains("?") ? "&" : "?"
        let location = "\(target)\(separator)checkout_id=\(id.rawValue)&status=\(current.status.rawValue)"
        return Response(status: 303, headers: ["Location": location, "Content-Type": "text/plain; charset=utf-8"],
                        body: Array("See \(location)\n".utf8))
    }
}
