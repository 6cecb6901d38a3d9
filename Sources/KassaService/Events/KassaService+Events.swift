import FoundationEssentials
import Providers

extension KassaService {
    /// The deliverer for `shop.webhook_url`, or nil when none is configured (then nothing is pushed).
    func makeEventDeliverer(_ configuration: KassaConfiguration,
                            virtualCards: PledgVirtualCardHandoff? = nil) -> EventDeliverer? {
        guard let url = configuration.shop.webhookURL else { return nil }
        let shop = configuration.shop
        var settings = EventDeliverer.Settings(
            url: url, secrets: shop.signingSecrets,
            schedule: DeliverySchedule(initialDelay: .seconds(shop.deliveryInitialDelaySeconds),
                                       maxDelay: .seconds(shop.deliveryMaxDelaySeconds),
                                       maxAge: .seconds(shop.deliveryMaxAgeSeconds)),
            maxConcurrent: shop.deliveryConcurrency, attemptTimeout: .seconds(shop.deliveryTimeoutSeconds))
        if let virtualCards {
            // Issue 15: the full card once, in the checkout's authorized event, then forgotten.
            settings.attachment = { event, now in
                guard event.newStatus == .authorized,
                      let card = virtualCards.take(for: event.checkoutID, now: now) else { return nil }
                return ("virtual_card", card.json)
            }
        }
        return EventDeliverer(store: store, client: outbound, settings: settings, now: clock,
                              random: deliveryJitter, logger: logger)
    }

    /// One delivery pass now (tests that move the clock); the number of events attempted.
    @discardableResult
    func deliverEvents() async -> Int {
        guard let deliverer = runningDeliverer else { return 0 }
        return await deliverer.deliverDue()
    }
}
