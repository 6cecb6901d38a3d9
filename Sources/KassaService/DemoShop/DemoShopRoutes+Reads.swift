import JSON
import Payments
import Providers

/// What the demo shop reads from Kassa's API for its pages, and what it offers before it asks.
extension DemoShopRoutes {
    /// The options for the basket and customer: Kassa's answer, or (404: the route is not in
    /// this build) every enabled method, marked as assumed.
    func options(_ basket: DemoBasket, _ customer: SampleCustomer) async -> ([DemoPaymentOption], Bool) {
        let body: JSONValue = .object([
            "order": .object(["amount": .number(JSONNumber(basket.total)), "currency": .string(DemoCatalog.currency),
                              "items": basket.itemsJSON]),
            "customer": customer.json,
        ])
        let answer = await api.send(.post, "/v1/payment-options", body: body)
        if let answer, answer.status == 200, let options = DemoPaymentOption.parse(answer.body) { return (options, false) }
        return (DemoPaymentOption.everyMethod(of: providers), true)
    }

    /// The order page's data: the order's status, attempts and events, from
    /// `GET /v1/orders/{reference}` and `GET /v1/events?order_reference=…`.
    func status(of reference: String) async -> JSONValue? {
        guard let order = await api.send(.get, "/v1/orders/" + reference), order.status == 200, let body = order.body else { return nil }
        let events = await api.send(.get, "/v1/events?limit=200&order_reference=" + reference)
        let attempts: [JSONValue] = (body["attempts"]?.arrayValue ?? []).map { attempt in
            let amount = DemoMoney.text(attempt["amount"]?.int64Value ?? 0, currency: attempt["currency"]?.stringValue ?? DemoCatalog.currency)
            return .object(["id": attempt["id"] ?? .null, "provider": attempt["provider"] ?? .null, "method": attempt["method"] ?? .null,
                            "status": attempt["status"] ?? .null, "provider_status": attempt["provider_status"] ?? .null,
                            "provider_reference": attempt["provider_reference"] ?? .null, "amount_text": .string(amount)])
        }
        let timeline: [JSONValue] = (events?.body?["events"]?.arrayValue ?? []).map { event in
            .object(["occurred_at": event["occurred_at"] ?? .null, "checkout_id": event["checkout_id"] ?? .null,
                     "type": event["event_type"] ?? event["type"] ?? .null, "status": event["status"] ?? .null,
                     "provider_status": event["provider_status"] ?? .null, "source": event["source"] ?? .null,
                     "detail": event["detail"] ?? .null])
        }
        return .object(["reference": .string(reference), "status": body["status"] ?? .null, "attempts": .array(attempts),
                        "events": .array(timeline)])
    }

    /// Each enabled provider with the methods a shop can ask for: secuconnect and SmartPay
    /// one entry without a method (their page offers the choice), SmartCredit its payment means
    /// (PROVIDERS.md C), Pledg each enabled account type.
    static func methods(of enabled: [ProviderID], in configuration: KassaConfiguration) -> [(provider: String, methods: [String?])] {
        enabled.map { id in
            switch id {
            case .smartcredit: (id.rawValue, ["REVOLVINGPOS", "FRF_3X", "FRF_4X", "FRF_3X_F", "FRF_4X_F"])
            case .pledg: (id.rawValue, PledgPaymentType.allCases.filter { configuration.providers.pledg.accounts[$0].isEnabled }.map(\.rawValue))
            default: (id.rawValue, [nil])
            }
        }
    }
}
