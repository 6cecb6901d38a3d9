import Foundation
import HTTP
import JSON
@testable import KassaService
import KassaTestSupport
import Outbound
import Payments
import XCTest

/// The operator pages (`/admin`, issue 18): behind the admin key (HTTP Basic or the sign-in
/// form's session cookie), failed sign-ins rate-limited, search by order reference, checkout id
/// or provider reference, an order's provider ids, timeline, notifications and deliveries, the
/// overview of what needs attention, and the one write (redeliver) guarded by a CSRF token.
/// Real service, real sockets, real SQLite file.
final class AdminPageTests: XCTestCase {
    var harness: ServiceHarness!
    let clock = ManualDate()
    static let adminKey = "ak_sandbox_kassa"

    override func setUp() async throws { harness = try makeHarness() }
    override func tearDown() async throws { await harness?.shutdown() }

    private func makeHarness(_ environment: [String: String] = [:]) throws -> ServiceHarness {
        var options = KassaService.Options()
        let clock = clock
        options.clock = { clock.now }
        options.deliversEventsInBackground = false
        options.reconcilesInBackground = false
        return try ServiceHarness(environment: environment, options: options)
    }

    private func basic(_ key: String) -> (String, String) {
        ("Authorization", "Basic " + Data("admin:\(key)".utf8).base64EncodedString())
    }

    private func page(_ path: String, _ headers: [(String, String)]) async throws -> OutboundResponse {
        try await harness.send("GET", path, headers: headers, auth: false)
    }

    private func postForm(_ path: String, _ form: String, _ headers: [(String, String)] = []) async throws -> OutboundResponse {
        try await harness.client.send(OutboundRequest(method: .init("POST"), url: harness.base + path,
                                                      headers: OutboundHeaders(headers + [("Content-Type", "application/x-www-form-urlencoded")]),
                                                      body: Array(form.utf8)))
    }

    private func paidCheckout(reference: String) async throws -> JSONValue {
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: reference), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        _ = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"approve"}"#, expect: 202)
        return try await harness.checkout(id) { $0.text("status") == "paid" }
    }

    /// The value of `name` in the page's first hidden input of that name.
    private func hiddenValue(_ name: String, in html: String) throws -> String {
        let marker = #"name="\#(name)" value=""#
        let start = try XCTUnwrap(html.range(of: marker), "no \(name) field").upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    func testWithoutCredentialsThePagesSendToTheSignInFormWhichHasNoScriptAndAStrictPolicy() async throws {
        for path in ["/admin", "/admin/search?q=x", "/admin/orders?reference=x"] {
            let response = try await page(path, [])
            XCTAssertEqual(response.status, 303, path)
            XCTAssertEqual(response.headers["Location"], "/admin/login", path)
        }
        let form = try await page("/admin/login", [])
        XCTAssertEqual(form.status, 200)
        XCTAssertTrue(form.bodyText.contains(#"<form method="post" action="/admin/login">"#), form.bodyText)
        XCTAssertFalse(form.bodyText.contains("<script"))
        let policy = try XCTUnwrap(form.headers["Content-Security-Policy"])
        XCTAssertTrue(policy.hasPrefix("default-src 'none'; style-src 'sha256-"), policy)
        XCTAssertTrue(policy.contains("form-action 'self'"), policy)
        XCTAssertFalse(policy.contains("script-src"), policy)
        // The redeliver POST without credentials does nothing either.
        let post = try await postForm("/admin/events/evt_x/redeliver", "csrf=x")
        XCTAssertEqual(post.status, 303)
    }

    func testHTTPBasicWithTheAdminKeyShowsTheOverviewAndAnyOtherKeyIs401() async throws {
        let overview = try await page("/admin", [basic(Self.adminKey)])
        XCTAssertEqual(overview.status, 200, overview.bodyText)
        XCTAssertTrue(overview.bodyText.contains("<h1>Kassa operator overview</h1>"))
        XCTAssertTrue(overview.bodyText.contains("<svg") || overview.bodyText.contains("No checkouts in this window."))
        for header in [basic(ServiceHarness.apiKey), basic(""), ("Authorization", "Bearer " + Self.adminKey), ("Authorization", "Basic !!!")] {
            let refused = try await page("/admin", [header])
            XCTAssertEqual(refused.status, 401, header.1)
            XCTAssertEqual(refused.headers["WWW-Authenticate"], #"Basic realm="Kassa admin", charset="UTF-8""#)
            XCTAssertFalse(refused.bodyText.contains("overview"))
        }
        // The key as the user name with an empty password (`curl -u KEY:`) works too.
        let userName = try await page("/admin", [("Authorization", "Basic " + Data("\(Self.adminKey):".utf8).base64EncodedString())])
        XCTAssertEqual(userName.status, 200)
    }

    func testSignInSetsAStrictHttpOnlyCookieThatOpensThePagesUntilSignOut() async throws {
        let wrong = try await postForm("/admin/login", "key=nope")
        XCTAssertEqual(wrong.status, 401)
        XCTAssertNil(wrong.headers["Set-Cookie"])
        XCTAssertTrue(wrong.bodyText.contains("Wrong admin key."))

        let signedIn = try await postForm("/admin/login", "key=" + Self.adminKey)
        XCTAssertEqual(signedIn.status, 303)
        let audit = harness.logLines.all.filter { $0.contains("admin sign") }
        XCTAssertTrue(audit.contains { $0.contains(#""msg":"admin sign-in failed""#) || $0.contains("admin sign-in failed") }, "\(audit)")
        XCTAssertTrue(audit.contains { $0.contains("admin signed in") && $0.contains("127.0.0.1") }, "\(audit)")
        // (Only the start-up notice names the sandbox's published admin key.)
        XCTAssertFalse(harness.logLines.all.contains { ($0.contains(Self.adminKey) && !$0.contains("sandbox admin key")) || $0.contains("nope") },
                       "no key in the log")
        XCTAssertEqual(signedIn.headers["Location"], "/admin")
        let cookie = try XCTUnwrap(signedIn.headers["Set-Cookie"])
        XCTAssertTrue(cookie.hasPrefix("kassa_admin="), cookie)
        XCTAssertTrue(cookie.contains("; HttpOnly"), cookie)
        XCTAssertTrue(cookie.contains("; SameSite=Strict"), cookie)
        XCTAssertTrue(cookie.contains("; Path=/admin"), cookie)
        XCTAssertFalse(cookie.contains("Secure"), "plain http: a Secure cookie would never come back")
        let session = String(cookie.prefix { $0 != ";" })

        let overview = try await page("/admin", [("Cookie", "other=1; " + session)])
        XCTAssertEqual(overview.status, 200)
        let csrf = try hiddenValue("csrf", in: overview.bodyText)
        XCTAssertFalse(csrf.isEmpty)
        // A forged or missing token does not sign out.
        let forged = try await postForm("/admin/logout", "csrf=forged", [("Cookie", session)])
        XCTAssertEqual(forged.status, 403)
        let out = try await postForm("/admin/logout", "csrf=" + csrf, [("Cookie", session)])
        XCTAssertEqual(out.status, 303)
        XCTAssertTrue(out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        let after = try await page("/admin", [("Cookie", session)])
        XCTAssertEqual(after.status, 303, "the session ended")
        // A session lasts its lifetime, no longer.
        let second = try await postForm("/admin/login", "key=" + Self.adminKey)
        let secondSession = String(try XCTUnwrap(second.headers["Set-Cookie"]).prefix { $0 != ";" })
        clock.advance(seconds: AdminSessions.lifetime - 1)
        let stillOpen = try await page("/admin", [("Cookie", secondSession)])
        XCTAssertEqual(stillOpen.status, 200)
        clock.advance(seconds: 2)
        let expired = try await page("/admin", [("Cookie", secondSession)])
        XCTAssertEqual(expired.status, 303)
        // A made-up cookie is nobody.
        let madeUp = try await page("/admin", [("Cookie", "kassa_admin=abcdefghijklmnopqrstuvwxyz234567")])
        XCTAssertEqual(madeUp.status, 303)
    }

    func testTheCookieIsSecureWhenKassaIsServedOverHTTPS() async throws {
        await harness.shutdown()
        harness = try makeHarness(["KASSA_PUBLIC_BASE_URL": "https://pay.shop.example"])
        let response = try await harness.client.send(OutboundRequest(
            method: .init("POST"), url: "http://127.0.0.1:\(harness.service.port)/admin/login",
            headers: OutboundHeaders([("Content-Type", "application/x-www-form-urlencoded")]), body: Array("key=\(Self.adminKey)".utf8)))
        XCTAssertEqual(response.status, 303)
        XCTAssertTrue(response.headers["Set-Cookie"]?.hasSuffix("; Secure") == true, response.headers["Set-Cookie"] ?? "none")
    }

    func testFailedSignInsAreRateLimitedPerAddressUntilTheWindowEnds() async throws {
        for attempt in 1...AdminLoginThrottle.maxFailures {
            let failed = attempt.isMultiple(of: 2) ? try await postForm("/admin/login", "key=guess\(attempt)")
                                                   : try await page("/admin", [basic("guess\(attempt)")])
            XCTAssertEqual(failed.status, 401, "attempt \(attempt)")
        }
        // Now even the right key waits: the client cannot tell a right guess from a wrong one.
        let limited = try await postForm("/admin/login", "key=" + Self.adminKey)
        XCTAssertEqual(limited.status, 429)
        let retryAfter = try XCTUnwrap(limited.headers["Retry-After"].flatMap(Int.init))
        XCTAssertTrue((1...60).contains(retryAfter), "\(retryAfter)")
        let limitedBasic = try await page("/admin", [basic(Self.adminKey)])
        XCTAssertEqual(limitedBasic.status, 429)
        clock.advance(seconds: AdminLoginThrottle.window + 1)
        let allowed = try await page("/admin", [basic(Self.adminKey)])
        XCTAssertEqual(allowed.status, 200)
    }

    func testSearchByReferenceCheckoutIdOrProviderReferenceOpensTheOrderWithEverythingKnownAboutIt() async throws {
        let reference = "order_admin_\(UUID().uuidString.prefix(6))"
        let paid = try await paidCheckout(reference: reference)
        let id = try XCTUnwrap(paid.text("id"))
        let stored = try await XCTUnwrapAsync(try await harness.service.store.checkout(id: CheckoutID(id)))
        let providerReference = try XCTUnwrap(stored.providerReference)
        XCTAssertTrue(providerReference.hasPrefix("STX_"), providerReference)
        let orderPath = "/admin/orders?reference=" + reference

        let transactionID = try XCTUnwrap(stored.providerData["payment_transaction_id"])
        XCTAssertTrue(transactionID.hasPrefix("PCI_"), transactionID)
        for term in [reference, id, providerReference, " \(id) ", transactionID] {
            let found = try await page("/admin/search?q=" + term.replacingOccurrences(of: " ", with: "%20"), [basic(Self.adminKey)])
            XCTAssertEqual(found.status, 303, term)
            XCTAssertEqual(found.headers["Location"], orderPath, term)
        }
        let order = try await page(orderPath, [basic(Self.adminKey)])
        XCTAssertEqual(order.status, 200)
        let html = order.bodyText
        XCTAssertTrue(html.contains(#"<p>Status: <b class="status">paid</b>"#), html)
        XCTAssertTrue(html.contains("<code>\(id)</code>"))
        XCTAssertTrue(html.contains("<tr><th>provider reference</th><td><code>\(providerReference)</code></td></tr>"), html)
        for (key, value) in stored.providerData where !key.hasPrefix("kassa.") {
            XCTAssertTrue(html.contains("<tr><th>\(key)</th><td><code>\(HTMLText.escape(value))</code></td></tr>"), "provider id \(key)")
        }
        XCTAssertFalse(html.contains("kassa.next_action"), "Kassa's own bookkeeping is not a provider id")
        // The timeline: created, then the push's transition with the provider's raw status.
        XCTAssertTrue(html.contains("<td>created</td><td>api</td>"), html)
        XCTAssertTrue(html.contains("<td>transition</td><td>webhook</td>"), html)
        if let raw = stored.providerStatus { XCTAssertTrue(html.contains("<code>\(HTMLText.escape(raw))</code>"), "raw status \(raw)") }
        // The provider's notification, as stored, and what processing made of it.
        // (secuconnect's push is an unsigned hint: Kassa re-read the payment, and says so.)
        XCTAssertTrue(html.contains("<td>unsigned</td><td>synchronized: paid</td>"), html)
        XCTAssertTrue(html.contains(HTMLText.escape(#""id":"\#(stored.providerData["payment_transaction_id"] ?? "PCI_")""#)), "the body's excerpt")
        XCTAssertFalse(html.contains("<script"))

        let none = try await page("/admin/search?q=order_nobody", [basic(Self.adminKey)])
        XCTAssertEqual(none.status, 404)
        let tooLong = try await page("/admin/search?q=" + String(repeating: "a", count: AdminRoutes.maxSearchLength + 1), [basic(Self.adminKey)])
        XCTAssertEqual(tooLong.status, 400)
        let unknownOrder = try await page("/admin/orders?reference=nothing", [basic(Self.adminKey)])
        XCTAssertEqual(unknownOrder.status, 404)
    }

    func testEveryValueIsEscaped() async throws {
        let term = #"<img src=x onerror="alert(1)">&"#
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let response = try await page("/admin/search?q=" + term.addingPercentEncoding(withAllowedCharacters: allowed)!, [basic(Self.adminKey)])
        XCTAssertEqual(response.status, 404)
        XCTAssertFalse(response.bodyText.contains("<img"), response.bodyText)
        XCTAssertTrue(response.bodyText.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;"), response.bodyText)
    }

    func testTheOverviewShowsNeedsSyncAndDeadEventsAndADeadEventIsRedeliveredWithTheFormsToken() async throws {
        await harness.shutdown()
        // Events are pushed to a port nothing listens on; the deliverer only runs when told.
        harness = try makeHarness(["KASSA_SHOP_WEBHOOK_URL": "http://127.0.0.1:9/events", "KASSA_SHOP_WEBHOOK_SECRET": "whsec_admin_test"])
        let reference = "order_dead_\(UUID().uuidString.prefix(6))"
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: reference), expect: 201)
        let id = CheckoutID(try XCTUnwrap(created.text("id")))
        let store = harness.service.store
        let due = try await store.dueOutboxItems(limit: 10).filter { $0.event.checkoutID == id }
        let createdEvent = try XCTUnwrap(due.first)
        try await store.markOutboxFailed(createdEvent.id, error: "connection refused", nextAttemptAt: nil)
        _ = try await store.markNeedsSync(id, source: .api, detail: "test: the provider did not answer")
        // A checkout left pending for two hours is stuck; a notification with a bad signature is rejected.
        let waiting = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: reference + "_w"), expect: 201)
        let waitingID = try XCTUnwrap(waiting.text("id"))
        clock.advance(seconds: 2 * 3600)
        let rejected = try await store.insertWebhook(provider: ProviderID("secuconnect"), body: Array(#"{"forged":"<b>"}"#.utf8), headers: [:],
                                                     verification: .rejected)
        try await store.markWebhookProcessed(rejected, result: "rejected: signature does not match")

        let overview = try await page("/admin", [basic(Self.adminKey)])
        XCTAssertEqual(overview.status, 200)
        var html = overview.bodyText
        XCTAssertTrue(html.contains("<h2>needs_sync (1)</h2>"), html)
        XCTAssertTrue(html.contains("<code>\(id.rawValue)</code>"))
        XCTAssertTrue(html.contains("Dead: 1."), html)
        XCTAssertTrue(html.contains("<td><code>\(createdEvent.event.id.rawValue)</code></td>"), html)
        XCTAssertTrue(html.contains("<td>connection refused</td>"))
        XCTAssertTrue(html.contains("<svg"), "the 24 h chart")
        XCTAssertTrue(html.contains("<h2>Stuck (1)</h2>"), html)
        XCTAssertTrue(html.contains("<code>\(waitingID)</code>"))
        XCTAssertTrue(html.contains("<h2>Rejected notifications (1 in 24 h)</h2>"), html)
        XCTAssertTrue(html.contains("<td>\(rejected)</td><td>secuconnect</td>"), html)
        XCTAssertTrue(html.contains("<td>rejected: signature does not match</td>"), html)

        let order = try await page("/admin/orders?reference=" + reference, [basic(Self.adminKey)])
        html = order.bodyText
        XCTAssertTrue(html.contains(#"<td class="warn">dead</td>"#), html)
        let action = "/admin/events/\(createdEvent.event.id.rawValue)/redeliver"
        XCTAssertTrue(html.contains(#"<form class="inline" method="post" action="\#(action)">"#), html)
        let csrf = try hiddenValue("csrf", in: html)

        let forged = try await postForm(action, "csrf=forged&reference=" + reference, [basic(Self.adminKey)])
        XCTAssertEqual(forged.status, 403)
        let missing = try await postForm(action, "reference=" + reference, [basic(Self.adminKey)])
        XCTAssertEqual(missing.status, 403)
        let deadStill = try await store.adminDeliveries(of: id, limit: 10)
        XCTAssertEqual(deadStill.first?.state, .dead)

        let redelivered = try await postForm(action, "csrf=\(csrf)&reference=" + reference, [basic(Self.adminKey)])
        XCTAssertEqual(redelivered.status, 303)
        XCTAssertEqual(redelivered.headers["Location"], "/admin/orders?reference=" + reference)
        let after = try await store.adminDeliveries(of: id, limit: 10)
        XCTAssertEqual(after.first?.state, .waiting)
        XCTAssertEqual(after.first?.attempts, 0, "a fresh schedule")
        let unknown = try await postForm("/admin/events/evt_nothere/redeliver", "csrf=" + csrf, [basic(Self.adminKey)])
        XCTAssertEqual(unknown.status, 404)
    }

    func testCountsAreCappedAndListsBounded() async throws {
        let store = harness.service.store
        for index in 0..<(AdminRoutes.listLimit + 5) {
            let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: "order_many_\(index)"), expect: 201)
            _ = try await store.markNeedsSync(CheckoutID(try XCTUnwrap(created.text("id"))), source: .api, detail: "test")
        }
        let overview = try await store.adminOverview(since: clock.now.addingTimeInterval(-3600), stuckBefore: clock.now, limit: AdminRoutes.listLimit)
        XCTAssertEqual(overview.needsSync, BoundedCount(value: AdminRoutes.listLimit + 5, isCapped: false))
        XCTAssertEqual(overview.needsSyncCheckouts.count, AdminRoutes.listLimit)
        XCTAssertEqual(overview.recent.reduce(0) { $0 + $1.count }, AdminRoutes.listLimit + 5)
        XCTAssertEqual(BoundedCount(value: 1000, isCapped: true).description, "1000+")
    }

    func testHostileCredentialsAndParametersGetA4xxNeverACrash() async throws {
        let hostile: [(String, [(String, String)])] = [
            ("/admin", [("Authorization", "Basic " + String(repeating: "QUFB", count: 2000))]),
            ("/admin", [("Authorization", "Basic")]),
            ("/admin", [("Authorization", "Basic " + Data("no-colon".utf8).base64EncodedString())]),
            ("/admin", [("Cookie", "kassa_admin")]),
            ("/admin", [("Cookie", ";;=;kassa_admin=;" + String(repeating: "x", count: 3000))]),
        ]
        for (path, headers) in hostile {
            let response = try await page(path, headers)
            XCTAssertTrue([303, 401].contains(response.status), "\(headers): \(response.status)")
        }
        for path in ["/admin/search?q=%ZZ", "/admin/search?q=", "/admin/orders", "/admin/orders?reference=%00", "/admin/search?q=a&q=b"] {
            let response = try await page(path, [basic(Self.adminKey)])
            XCTAssertTrue((300..<500).contains(response.status), "\(path): \(response.status)")
        }
        let bigForm = try await postForm("/admin/login", "key=" + String(repeating: "k", count: 10_000))
        XCTAssertEqual(bigForm.status, 413)
    }

    func testTheChartDrawsOneBarPerProviderSplitByStatusInProportion() {
        let svg = AdminStatusChart.render([
            .init(provider: ProviderID("alpha"), status: .paid, count: 2), .init(provider: ProviderID("alpha"), status: .failed, count: 2),
            .init(provider: ProviderID("beta"), status: .paid, count: 1),
        ])
        XCTAssertTrue(svg.hasPrefix("<svg "))
        XCTAssertTrue(svg.contains(">alpha</text>") && svg.contains(">beta</text>"))
        // The largest bar (alpha, 4) takes the whole width; beta's one paid checkout a quarter of it.
        XCTAssertTrue(svg.contains(#"<rect x="110" y="4" width="280" height="18" fill="\#(AdminStatusChart.colours[.paid]!)">"#), svg)
        XCTAssertTrue(svg.contains(#"<rect x="390" y="4" width="280" height="18" fill="\#(AdminStatusChart.colours[.failed]!)">"#), svg)
        XCTAssertTrue(svg.contains(#"<rect x="110" y="30" width="140" height="18""#), svg)
        XCTAssertFalse(svg.contains("style="), "the policy refuses style attributes")
        XCTAssertEqual(AdminStatusChart.render([]), "<p>No checkouts in this window.</p>")
    }
}

/// `XCTUnwrap` for an async expression's optional.
private func XCTUnwrapAsync<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
