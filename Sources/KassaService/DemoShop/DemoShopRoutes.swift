import HTTP
import JSON

extension ServiceRoutes {
    // The demo shop (sandbox mode only): pages for people, outside the API document and the
    // API key check. The shop is a client of the API like any shop (`DemoShopClient`).
    static let shopCheckout = ServiceRoute(method: "POST", pattern: "/shop/checkout", isAuthenticated: false, bodyLimit: 16 * 1024)
    static let shopOrder = ServiceRoute(method: "GET", pattern: "/shop/orders/{reference}", isAuthenticated: false, bodyLimit: nil)
    static let shopOrderStatus = ServiceRoute(method: "GET", pattern: "/shop/orders/{reference}/status", isAuthenticated: false,
                                              bodyLimit: nil)
    static let shopPay = ServiceRoute(method: "GET", pattern: "/shop/orders/{reference}/pay", isAuthenticated: false, bodyLimit: nil)
    static let shopVerify = ServiceRoute(method: "POST", pattern: "/shop/orders/{reference}/verify", isAuthenticated: false,
                                         bodyLimit: 1024)
}

/// The demo shop's routes: `GET /` (the basket), `POST /shop/checkout` (creates the checkout
/// through `POST /v1/checkouts` and sends the browser on to `next_action`), the order page
/// with its status JSON, SmartPay's widget page and its verification. Each handler is a thin
/// translation between the browser and Kassa's API; nothing is kept by the shop itself (the
/// order reference in the URL is all it needs: Kassa holds the rest).
struct DemoShopRoutes: Sendable {
    let api: DemoShopClient
    /// Kassa's public base URL: the shop's return URLs live under it.
    let publicBaseURL: String
    /// For the fallback options: each enabled provider and its methods.
    let providers: [(provider: String, methods: [String?])]

    func register(on router: inout Router) {
        router.on(ServiceRoutes.home, basket)
        router.on(ServiceRoutes.shopCheckout, checkout)
        router.on(ServiceRoutes.shopOrder, orderPage)
        router.on(ServiceRoutes.shopOrderStatus, orderStatus)
        router.on(ServiceRoutes.shopPay, smartPayPage)
        router.on(ServiceRoutes.shopVerify, verify)
    }

    /// `GET /[?basket and customer fields]`.
    func basket(_ request: Request) async -> Response {
        let fields = request.queryItems
        let basket = DemoBasket(fields: fields)
        let customer = SampleCustomer(fields: fields, country: basket.country)
        var content = DemoBasketPage.Content(basket: basket, customer: customer, options: [])
        (content.options, content.optionsAreAssumed) = await options(basket, customer)
        content.selected = fields.last { $0.name == "method" }?.value
        return DemoBasketPage.render(content).response()
    }

    /// `POST /shop/checkout` (form): the checkout for the basket, customer and method chosen.
    func checkout(_ request: Request) async -> Response {
        let fields = QueryString.parse(String(decoding: request.body, as: UTF8.self))
        let basket = DemoBasket(fields: fields)
        let customer = SampleCustomer(fields: fields, country: basket.country)
        let choice = fields.last { $0.name == "method" }?.value ?? ""
        let parts = choice.split(separator: ":", maxSplits: 1).map(String.init)
        var refused = DemoBasketPage.Content(basket: basket, customer: customer, options: [], selected: choice)
        guard let provider = parts.first, providers.contains(where: { $0.provider == provider }) else {
            refused.problems = ["Choose a payment method."]
            return await refusal(refused)
        }
        guard !basket.isEmpty else {
            refused.problems = ["The basket is empty."]
            return await refusal(refused)
        }
        let reference = "demo_" + Self.randomHex(12)
        let returnURL = publicBaseURL + "/shop/orders/" + reference
        var body: JSONObject = [
            "provider": .string(provider),
            "order": .object(["reference": .string(reference), "amount": .number(JSONNumber(basket.total)),
                              "currency": .string(DemoCatalog.currency), "description": "Kassa demo shop order",
                              "items": basket.itemsJSON]),
            "customer": customer.json,
            "return_urls": .object(["success": .string(returnURL), "failure": .string(returnURL), "cancel": .string(returnURL)]),
            "locale": .string(basket.country.locale),
        ]
        if parts.count == 2 { body["method"] = .string(parts[1]) }
        guard let answer = await api.send(.post, "/v1/checkouts", body: .object(body), idempotencyKey: reference) else {
            return DemoOrderPage.message("Kassa did not answer", "The checkout could not be created; try again.").response(status: 502)
        }
        guard answer.status == 201 || answer.status == 202 else {
            refused.problems = Self.problems(answer)
            return await refusal(refused)
        }
        return Self.seeOther(Self.destination(of: answer.body?["next_action"], reference: reference))
    }

    /// Where the browser goes once the checkout exists: the provider's page for a redirect,
    /// Pledg's front page (the redirection integration), the shop's widget page for SmartPay,
    /// else the order page.
    static func destination(of action: JSONValue?, reference: String) -> String {
        switch action?["type"]?.stringValue {
        case "redirect": return action?["url"]?.stringValue ?? "/shop/orders/" + reference
        case "pledg_plugin": return action?["front_url"]?.stringValue ?? "/shop/orders/" + reference
        case "widget": return "/shop/orders/\(reference)/pay"
        default: return "/shop/orders/" + reference
        }
    }

    /// `GET /shop/orders/{reference}`.
    func orderPage(_ request: Request) async -> Response {
        guard let reference = Self.reference(request) else { return notFound() }
        guard let order = await status(of: reference) else {
            return DemoOrderPage.message("Order not found", "Kassa knows no order \(reference).").response(status: 404)
        }
        return DemoOrderPage.render(reference: reference, order: order).response()
    }

    /// `GET /shop/orders/{reference}/status`: what the order page's script draws.
    func orderStatus(_ request: Request) async -> Response {
        guard let reference = Self.reference(request), let order = await status(of: reference) else {
            return APIProblem.notFound("no such order of the demo shop").response
        }
        return Response.json(200, order)
    }

    /// `GET /shop/orders/{reference}/pay`: SmartPay's widget for the order's open attempt.
    func smartPayPage(_ request: Request) async -> Response {
        guard let reference = Self.reference(request),
              let order = await api.send(.get, "/v1/orders/" + reference), order.status == 200 else { return notFound() }
        let attempt = (order.body?["attempts"]?.arrayValue ?? []).last { $0["next_action"]?["type"]?.stringValue == "widget" }
        guard let attempt, let action = attempt["next_action"], let token = action["checkout_token"]?.stringValue,
              let sdk = action["sdk_url"]?.stringValue else {
            return Self.seeOther("/shop/orders/" + reference)
        }
        let amount = DemoMoney.text(attempt["amount"]?.int64Value ?? 0, currency: attempt["currency"]?.stringValue ?? DemoCatalog.currency)
        return DemoOrderPage.smartPay(reference: reference, checkoutToken: token, sdkURL: sdk, amount: amount).response()
    }

    /// `POST /shop/orders/{reference}/verify`: after SmartPay's widget called back, Kassa reads
    /// the payment's status from SmartPay (`POST /v1/checkouts/{id}/refresh`) — what the
    /// widget says is never the result.
    func verify(_ request: Request) async -> Response {
        guard let reference = Self.reference(request),
              let order = await api.send(.get, "/v1/orders/" + reference), order.status == 200,
              let id = order.body?["attempts"]?.arrayValue?.last?["id"]?.stringValue else {
            return APIProblem.notFound("no such order of the demo shop").response
        }
        let refreshed = await api.send(.post, "/v1/checkouts/\(id)/refresh")
        return Response.json(200, .object(["status": refreshed?.body?["status"] ?? .null]))
    }

    private func refusal(_ content: DemoBasketPage.Content) async -> Response {
        var content = content
        (content.options, content.optionsAreAssumed) = await options(content.basket, content.customer)
        return DemoBasketPage.render(content).response(status: 422)
    }

    private func notFound() -> Response {
        DemoOrderPage.message("Not found", "There is no such order page.").response(status: 404)
    }

    /// A problem+json answer as lines for people: each field error, else its detail.
    static func problems(_ answer: DemoShopClient.Answer) -> [String] {
        let errors = (answer.body?["errors"]?.arrayValue ?? []).compactMap { error -> String? in
            guard let detail = error["detail"]?.stringValue ?? error["message"]?.stringValue else { return nil }
            return (error["field"]?.stringValue ?? error["pointer"]?.stringValue).map { "\($0): \(detail)" } ?? detail
        }
        if !errors.isEmpty { return errors }
        return [answer.body?["detail"]?.stringValue ?? answer.body?["title"]?.stringValue ?? "HTTP \(answer.status)"]
    }

    /// The path's order reference, when it is one the shop makes (`demo_` and hex): anything
    /// else is not looked up at all.
    static func reference(_ request: Request) -> String? {
        guard let reference = request.parameters["reference"], reference.utf8.count <= 64, reference.hasPrefix("demo_"),
              reference.utf8.dropFirst(5).allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        return reference
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: 303, headers: ["Location": location, "Cache-Control": "no-store"])
    }

    static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in Array("0123456789abcdef")[Int(generator.next() % 16)] })
    }
}
