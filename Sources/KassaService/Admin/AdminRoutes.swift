import Crypto
import FoundationEssentials
import HTTP
import JSON
import Payments

extension ServiceRoutes {
    // The operator pages: outside the API document and outside the API key check (the
    // pages check the admin key themselves, `AdminAuthenticator`).
    static let adminHome = ServiceRoute(method: "GET", pattern: "/admin", isAuthenticated: false, bodyLimit: nil)
    static let adminLoginForm = ServiceRoute(method: "GET", pattern: "/admin/login", isAuthenticated: false, bodyLimit: nil)
    static let adminLogin = ServiceRoute(method: "POST", pattern: "/admin/login", isAuthenticated: false, bodyLimit: 4096)
    static let adminLogout = ServiceRoute(method: "POST", pattern: "/admin/logout", isAuthenticated: false, bodyLimit: 4096)
    static let adminSearch = ServiceRoute(method: "GET", pattern: "/admin/search", isAuthenticated: false, bodyLimit: nil)
    static let adminOrder = ServiceRoute(method: "GET", pattern: "/admin/orders", isAuthenticated: false, bodyLimit: nil)
    static let adminRedeliver = ServiceRoute(method: "POST", pattern: "/admin/events/{id}/redeliver", isAuthenticated: false,
                                             bodyLimit: 4096)
}

/// The routes of `/admin`: read-only pages behind the admin key, and one write — redelivering
/// a dead event — which needs the form's CSRF token besides the key or session.
struct AdminRoutes: Sendable {
    static let maxSearchLength = 200
    /// Rows per list: the front page's lists, a search's results.
    static let listLimit = 20
    static let attemptsShown = 20
    static let timelineLimit = 200
    static let inboxLimit = 50
    static let deliveriesLimit = 200
    /// What counts as stuck: `created`/`pending` without a change for this long.
    static let stuckAfter: TimeInterval = 3600

    let store: any PaymentStore & AdminQueries
    let authenticator: AdminAuthenticator
    /// Whether events are pushed (`shop.webhook_url`): else nothing can be redelivered.
    let eventsArePushed: Bool
    let now: @Sendable () -> Date
    /// Sign-ins, failed ones and redeliveries are logged (with the client's address, never a key).
    var logger: Logger? = nil

    func register(on router: inout Router) {
        router.on(ServiceRoutes.adminHome) { await signedIn($0, front) }
        router.on(ServiceRoutes.adminSearch) { await signedIn($0, search) }
        router.on(ServiceRoutes.adminOrder) { await signedIn($0, order) }
        router.on(ServiceRoutes.adminRedeliver) { await signedIn($0, redeliver) }
        router.on(ServiceRoutes.adminLogout) { await signedIn($0, logout) }
        router.on(ServiceRoutes.adminLoginForm, loginForm)
        router.on(ServiceRoutes.adminLogin, login)
    }

    /// What a page handler gets once the request is proven to come from an operator.
    struct Operator {
        let csrfToken: String
        let sessionToken: String?
    }

    /// Runs `page` for an operator; sends anyone else to the sign-in form (303), or refuses
    /// wrong credentials. A storage failure is a plain 503 page.
    private func signedIn(_ request: Request, _ page: (Request, Operator) async throws -> Response) async -> Response {
        switch authenticator.authenticate(request) {
        case .refused(let response): return response
        case .anonymous: return Self.redirect("/admin/login")
        case .signedIn(let csrfToken, let sessionToken):
            let user = Operator(csrfToken: csrfToken, sessionToken: sessionToken)
            do {
                return try await page(request, user)
            } catch {
                return AdminPages.problem(503, "The store could not be read; try again.", csrfToken: csrfToken)
            }
        }
    }

    private func front(_ request: Request, _ user: Operator) async throws -> Response {
        let current = now()
        let overview = try await store.adminOverview(since: current.addingTimeInterval(-24 * 3600),
                                                     stuckBefore: current.addingTimeInterval(-Self.stuckAfter), limit: Self.listLimit)
        return AdminFrontPage.render(overview, now: current, eventsArePushed: eventsArePushed, csrfToken: user.csrfToken).response()
    }

    /// Exact match on checkout id, order reference or provider reference. All hits in one
    /// order: that order's page; otherwise the list.
    private func search(_ request: Request, _ user: Operator) async throws -> Response {
        let term = trimmedTerm(request.query("q") ?? "")
        guard !term.isEmpty else { return Self.redirect("/admin") }
        guard term.utf8.count <= Self.maxSearchLength else {
            return AdminPages.problem(400, "A search term has at most \(Self.maxSearchLength) bytes.", csrfToken: user.csrfToken)
        }
        let found = try await store.adminSearch(term, limit: Self.listLimit)
        if let first = found.first, found.allSatisfy({ $0.orderReference == first.orderReference }) {
            return Self.redirect(AdminPages.orderLink(first.orderReference))
        }
        return AdminPages.results(term, found, csrfToken: user.csrfToken).response(status: found.isEmpty ? 404 : 200)
    }

    private func order(_ request: Request, _ user: Operator) async throws -> Response {
        let reference = request.query("reference") ?? ""
        guard !reference.isEmpty, reference.utf8.count <= Self.maxSearchLength,
              let order = try await store.order(reference: reference) else {
            return AdminPages.problem(404, "No order with this reference.", csrfToken: user.csrfToken)
        }
        // The newest attempts: the one that matters is usually the last.
        let shown = order.attempts.suffix(Self.attemptsShown)
        var attempts: [AdminOrderPage.Attempt] = []
        for checkout in shown {
            attempts.append(AdminOrderPage.Attempt(
                checkout: checkout,
                timeline: try await store.adminTimeline(of: checkout.id, limit: Self.timelineLimit),
                inbox: try await store.adminInbox(of: checkout, limit: Self.inboxLimit),
                deliveries: try await store.adminDeliveries(of: checkout.id, limit: Self.deliveriesLimit)))
        }
        return AdminOrderPage.render(order, attempts: attempts, omittedAttempts: order.attempts.count - shown.count,
                                     eventsArePushed: eventsArePushed, csrfToken: user.csrfToken).response()
    }

    /// The page's one write: queue a dead event again, then back to its order.
    private func redeliver(_ request: Request, _ user: Operator) async throws -> Response {
        let form = Self.form(request)
        guard ConstantTime.equals(Array((form["csrf"] ?? "").utf8), Array(user.csrfToken.utf8)) else {
            return AdminPages.problem(403, "The form is stale or did not come from this page; reload it and try again.",
                                      csrfToken: user.csrfToken)
        }
        guard eventsArePushed else {
            return AdminPages.problem(409, "Events are not pushed: shop.webhook_url is not configured.", csrfToken: user.csrfToken)
        }
        let id = EventID(request.parameters["id"] ?? "")
        guard try await store.redeliverEvent(id) else {
            return AdminPages.problem(404, "No event \(id.rawValue) waits in the outbox.", csrfToken: user.csrfToken)
        }
        audit(.info, "admin redelivered an event", request, [("event_id", .string(id.rawValue))])
        let reference = form["reference"].flatMap { $0.utf8.count <= Self.maxSearchLength ? $0 : nil }
        return Self.redirect(reference.map(AdminPages.orderLink) ?? "/admin")
    }

    private func logout(_ request: Request, _ user: Operator) async throws -> Response {
        guard ConstantTime.equals(Array((Self.form(request)["csrf"] ?? "").utf8), Array(user.csrfToken.utf8)) else {
            return AdminPages.problem(403, "The form is stale; reload the page and try again.", csrfToken: user.csrfToken)
        }
        if let token = user.sessionToken { authenticator.sessions.close(token: token) }
        var response = Self.redirect("/admin/login")
        response.headers.add(name: "Set-Cookie", value: authenticator.clearedCookie())
        return response
    }

    private func loginForm(_ request: Request) async -> Response {
        if case .signedIn = authenticator.authenticate(request) { return Self.redirect("/admin") }
        return AdminPages.login().response()
    }

    /// The form's key: a session cookie when it is an admin key; a failure counts against the
    /// client's address.
    private func login(_ request: Request) async -> Response {
        let address = request.remoteAddress
        if let seconds = authenticator.throttle.retryAfter(address) { return AdminPages.tooManyAttempts(seconds) }
        let key = Array((Self.form(request)["key"] ?? "").utf8)
        guard !key.isEmpty, authenticator.isAdminKey(key) else {
            authenticator.throttle.recordFailure(address)
            audit(.warning, "admin sign-in failed", request)
            return AdminPages.login(message: "Wrong admin key.").response(status: 401)
        }
        audit(.info, "admin signed in", request)
        let (token, _) = authenticator.sessions.open()
        var response = Self.redirect("/admin")
        response.headers.add(name: "Set-Cookie", value: authenticator.sessionCookie(token))
        return response
    }

    /// A log line about an operator's action, with the client's address.
    private func audit(_ level: KassaConfiguration.LogLevel, _ message: String, _ request: Request,
                       _ fields: [(String, JSONValue)] = []) {
        let address = request.remoteAddress.map { JSONValue.string($0.description) } ?? .null
        logger?.log(level, message, [("address", address)] + fields)
    }

    /// A `application/x-www-form-urlencoded` body (the first value of each name).
    static func form(_ request: Request) -> [String: String] {
        var fields: [String: String] = [:]
        for item in QueryString.parse(String(decoding: request.body, as: UTF8.self)) where fields[item.name] == nil {
            fields[item.name] = item.value
        }
        return fields
    }

    /// 303 See Other (RFC 9110 §15.4.4): after a POST, the browser GETs the target. The
    /// target is built here from constant paths and percent-encoded values.
    static func redirect(_ location: String) -> Response {
        Response(status: 303, headers: ["Location": location, "Cache-Control": "no-store"])
    }

    private func trimmedTerm(_ text: String) -> String {
        let isBlank = { (c: Character) in c == " " || c == "\t" || c == "\n" || c == "\r" }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}

extension AdminRoutes {
    /// The routes for a configuration: its `admin_keys`, `Secure` cookies when
    /// `public_base_url` is https.
    init(configuration: KassaConfiguration, store: any PaymentStore & AdminQueries, eventsArePushed: Bool,
         now: @escaping @Sendable () -> Date, logger: Logger?) {
        self.init(store: store,
                  authenticator: AdminAuthenticator(keys: configuration.adminKeys.map { Array($0.value.utf8) },
                                                    sessions: AdminSessions(now: now), throttle: AdminLoginThrottle(now: now),
                                                    secureCookies: configuration.publicBaseURL.lowercased().hasPrefix("https://")),
                  eventsArePushed: eventsArePushed, now: now, logger: logger)
    }
}
