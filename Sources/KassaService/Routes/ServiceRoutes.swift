import HTTP
import Payments
import Store

/// Every route of the service, in one table: registered on the router from here (as the
/// route's tag, which the router's match hands the middleware for its label and the key
/// check), and checked against `/openapi.json` by a test. A class: a tag is a reference.
final class ServiceRoute: Sendable {
    let method: String
    let pattern: String
    /// Whether `Authorization: Bearer <api key>` is required.
    let isAuthenticated: Bool
    let bodyLimit: Int?
    /// Whether its handler never waits (`Router.onImmediate`): the middleware tries to answer
    /// it without a task, and leaves every other route to the task at once.
    let answersAtOnce: Bool

    init(method: String, pattern: String, isAuthenticated: Bool, bodyLimit: Int?, answersAtOnce: Bool = false) {
        self.method = method
        self.pattern = pattern
        self.isAuthenticated = isAuthenticated
        self.bodyLimit = bodyLimit
        self.answersAtOnce = answersAtOnce
    }
}

enum ServiceRoutes {
    static let healthz = ServiceRoute(method: "GET", pattern: "/healthz", isAuthenticated: false, bodyLimit: nil, answersAtOnce: true)
    static let readyz = ServiceRoute(method: "GET", pattern: "/readyz", isAuthenticated: false, bodyLimit: nil)
    static let metrics = ServiceRoute(method: "GET", pattern: "/metrics", isAuthenticated: false, bodyLimit: nil)
    static let openAPI = ServiceRoute(method: "GET", pattern: "/openapi.json", isAuthenticated: false, bodyLimit: nil)
    static let createCheckout = ServiceRoute(method: "POST", pattern: "/v1/checkouts", isAuthenticated: true, bodyLimit: 256 * 1024)
    static let listCheckouts = ServiceRoute(method: "GET", pattern: "/v1/checkouts", isAuthenticated: true, bodyLimit: nil)
    static let getCheckout = ServiceRoute(method: "GET", pattern: "/v1/checkouts/{id}", isAuthenticated: true, bodyLimit: nil)
    static let refresh = ServiceRoute(method: "POST", pattern: "/v1/checkouts/{id}/refresh", isAuthenticated: true, bodyLimit: 1024)
    static let capture = ServiceRoute(method: "POST", pattern: "/v1/checkouts/{id}/capture", isAuthenticated: true, bodyLimit: 16 * 1024)
    static let cancel = ServiceRoute(method: "POST", pattern: "/v1/checkouts/{id}/cancel", isAuthenticated: true, bodyLimit: 16 * 1024)
    static let refunds = ServiceRoute(method: "POST", pattern: "/v1/checkouts/{id}/refunds", isAuthenticated: true, bodyLimit: 16 * 1024)
    /// Sandbox mode only (DESIGN.md): the test helper.
    static let simulate = ServiceRoute(method: "POST", pattern: "/v1/checkouts/{id}/simulate", isAuthenticated: true, bodyLimit: 16 * 1024)
    static let order = ServiceRoute(method: "GET", pattern: "/v1/orders/{reference}", isAuthenticated: true, bodyLimit: nil)
    static let events = ServiceRoute(method: "GET", pattern: "/v1/events", isAuthenticated: true, bodyLimit: nil)
    static let redeliverEvent = ServiceRoute(method: "POST", pattern: "/v1/events/{id}/redeliver", isAuthenticated: true, bodyLimit: 1024)
    static let eventDeliveries = ServiceRoute(method: "GET", pattern: "/v1/events/{id}/deliveries", isAuthenticated: true, bodyLimit: nil)
    static let returnURL = ServiceRoute(method: "GET", pattern: "/v1/return/{provider}/{id}", isAuthenticated: false, bodyLimit: nil)
    static let hostedPage = ServiceRoute(method: "GET", pattern: "/pay/{id}", isAuthenticated: false, bodyLimit: nil)
    static let webhook = ServiceRoute(method: "POST", pattern: "/v1/webhooks/{provider}", isAuthenticated: false, bodyLimit: 64 * 1024)
    static let pledgSchedule = ServiceRoute(method: "POST", pattern: "/v1/pledg/schedule", isAuthenticated: true, bodyLimit: 4 * 1024)
    /// The same body limit as a checkout: the same order and customer.
    static let paymentOptions = ServiceRoute(method: "POST", pattern: "/v1/payment-options", isAuthenticated: true, bodyLimit: 256 * 1024)
    /// Pages for people, outside the API document.
    static let home = ServiceRoute(method: "GET", pattern: "/", isAuthenticated: false, bodyLimit: nil)
    static let docs = ServiceRoute(method: "GET", pattern: "/docs", isAuthenticated: false, bodyLimit: nil)
    static let debugEcho = ServiceRoute(method: "POST", pattern: "/debug/echo", isAuthenticated: false, bodyLimit: nil,
                                        answersAtOnce: true)

    /// The documented API (every route but the debug echo).
    static let api: [ServiceRoute] = [healthz, readyz, metrics, openAPI, createCheckout, listCheckouts, getCheckout, refresh, capture, cancel,
                                      refunds, simulate, order, events, redeliverEvent, eventDeliveries, returnURL,
                                      hostedPage, webhook, pledgSchedule, paymentOptions]
}

extension Router {
    /// Adds `route` with `handler`.
    mutating func on(_ route: ServiceRoute, _ handler: @escaping Handler) {
        on(route.method, route.pattern, bodyLimit: route.bodyLimit, tag: route, handler)
    }

    /// Adds `route` with a handler that never waits (no task is started for it).
    mutating func onImmediate(_ route: ServiceRoute, _ handler: @escaping ImmediateHandler) {
        precondition(route.answersAtOnce, "\(route.pattern) is not declared as answering at once")
        onImmediate(route.method, route.pattern, bodyLimit: route.bodyLimit, tag: route, handler)
    }
}
