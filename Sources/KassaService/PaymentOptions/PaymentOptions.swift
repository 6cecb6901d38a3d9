import Payments

/// The payment options of a basket and buyer: every configured provider's `paymentOptions`,
/// asked with the request `POST /v1/checkouts` would hand the adapter, so that an option
/// reported eligible is a checkout the service accepts, and each reason is a 422 it would give.
enum PaymentOptions {
    /// One provider's option.
    struct Entry: Sendable, Equatable {
        var provider: ProviderID
        var option: PaymentOption
    }

    /// The options of `request` with `providers` (the enabled ones), providers in the order of
    /// their ids, each provider's methods in its own order. No provider is called.
    static func evaluate(_ request: PaymentOptionsRequest, providers: [ProviderID: any PaymentProvider],
                         publicBaseURL: String) -> [Entry] {
        providers.keys.sorted { $0.rawValue < $1.rawValue }.flatMap { id -> [Entry] in
            guard let provider = providers[id] else { return [] }
            return provider.paymentOptions(for: providerRequest(request, provider: id, publicBaseURL: publicBaseURL))
                .map { Entry(provider: id, option: $0) }
        }
    }

    /// The adapter's view of a checkout of this basket: a fresh id and Kassa's own URLs, as
    /// `CheckoutService.providerRequest(for:id:)` builds them (the adapters check their shape).
    private static func providerRequest(_ request: PaymentOptionsRequest, provider: ProviderID,
                                        publicBaseURL: String) -> ProviderCheckoutRequest {
        let id = CheckoutID.generate()
        var order = request.order
        // A reference is needed only once the order is placed; its rules are the parser's.
        if order.reference.isEmpty { order.reference = "payment-options" }
        let returnBase = "\(publicBaseURL)/v1/return/\(provider.rawValue)/\(id.rawValue)?outcome="
        return ProviderCheckoutRequest(
            checkoutID: id, method: nil, order: order, customer: request.customer,
            returnURLs: .init(success: returnBase + "success", failure: returnBase + "error", cancel: returnBase + "abort"),
            notificationURL: "\(publicBaseURL)/v1/webhooks/\(provider.rawValue)?checkout=\(id.rawValue)", locale: nil)
    }
}
