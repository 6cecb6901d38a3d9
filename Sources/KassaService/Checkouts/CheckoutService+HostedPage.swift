import Payments

extension CheckoutService {
    /// `started` with a provider's page (`NextAction.hostedPage`, SmartCredit's FranFinance
    /// journey) moved into the attempt's data and replaced by a redirect to Kassa's own
    /// `/pay/{id}`, which serves it. The shop never receives the page itself: it gets a URL, as
    /// with every other provider.
    func hostingPage(of started: ProviderCheckout, id: CheckoutID) -> ProviderCheckout {
        guard let html = started.nextAction.hostedPageHTML else { return started }
        var started = started
        started.data[ServiceData.hostedPage] = html
        started.nextAction = .redirect(url: "\(publicBaseURL)/pay/\(id.rawValue)")
        return started
    }
}
