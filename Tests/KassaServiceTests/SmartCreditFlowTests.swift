import Foundation
import JSON
@testable import KassaService
import Outbound
import Payments
import Providers
import Sandbox
import Synchronization
import XCTest

/// SmartCredit end to end over real sockets (issue 17, "Tests"): the shop's API, the buyer on
/// the simulator's journey pages (mounted by Kassa under /sandbox/smartcredit) or on Kassa's own
/// `/pay/{id}`, the return route, and the statuses that only polling brings (moved clock,
/// `KassaService.reconcile()`).
final class SmartCreditFlowTests: XCTestCase {
    var harness: ServiceHarness!
    let clock = MovableClock()

    override func tearDown() async throws { await harness?.shutdown() }

    /// The service's SmartCredit adapter, as the module built it.
    let adapter = AdapterBox()

    func start(options: KassaService.Options = .init(), environment: [String: String] = [:]) throws {
        var options = options
        let adapter = self.adapter
        options.providerFactory = { context in
            let provider = SmartCreditProvider(configuration: context.smartcreditConfiguration(), client: context.client)
            adapter.value.withLock { $0 = provider }
            return [provider]
        }
        options.clock = clock.read
        options.reconcilesInBackground = false
        harness = try ServiceHarness(environment: environment, options: options)
    }

    // MARK: - Journeys

    func testCreditJourneyRedirectsToTheHanseaticURLAndIsPaidAfterKYC() async throws {
        try start()
        let created = try await create(smartCreditBody(method: "REVOLVINGPOS"))
        let id = try XCTUnwrap(created.text("id"))
        XCTAssertEqual(created.text("status"), "pending")
        XCTAssertEqual(created.text("provider_status"), "INITIALIZED")
        XCTAssertNotNil(created.text("provider_reference"), "the application id is searched right after initialize")
        XCTAssertEqual(created.text("provider_data.journey"), "redirect")
        XCTAssertNil(created.text("provider_data.kassa.hosted_page"))
        let url = try XCTUnwrap(created.text("next_action.url"))
        XCTAssertTrue(url.hasPrefix(harness.base + "/sandbox/smartcredit/hblo?auxiliaryDataId="), url)
        let form = try await harness.send("GET", url, auth: false)
        XCTAssertEqual(form.status, 200, form.bodyText)
        let kyc = try await submit(form.bodyText, decision: "accept")
        XCTAssertEqual(kyc.status, 303, kyc.bodyText)
        let kycURL = try XCTUnwrap(kyc.headers["Location"])
        XCTAssertTrue(kycURL.contains("/kyc"), "the credit journey has a KYC step: \(kycURL)")
        let identified = try await postForm(kycURL, "result=identified")
        XCTAssertEqual(identified.status, 303, identified.bodyText)
        let location = try await returnToShop(identified, id: id)
        XCTAssertTrue(location.hasPrefix("https://shop.example/ok?checkout_id=\(id)&status=paid"), location)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "paid")
        XCTAssertEqual(checkout.text("provider_status"), "ACCEPTED")
        XCTAssertEqual(checkout.text("provider_data.shipping"), "allowed")
        XCTAssertTrue(checkout["history"]?.arrayValue?.contains { $0.text("source") == "return" && $0.text("status") == "paid" } ?? false,
                      "the return route reads the status at once: \(checkout)")
    }

    func testSplitJourneyPageIsServedAtPayWithAStrictPolicyAndCompletes() async throws {
        try start()
        let created = try await create(smartCreditBody(method: "FRF_3X"))
        let id = try XCTUnwrap(created.text("id"))
        XCTAssertEqual(created.at("next_action.type"), "redirect")
        XCTAssertEqual(created.text("next_action.url"), harness.base + "/pay/\(id)")
        XCTAssertEqual(created.text("provider_data.journey"), "page")
        XCTAssertFalse("\(created)".contains("<form"), "the page is never shown to the shop")
        // The buyer's browser at Kassa's /pay/{id}: no API key, the stored page, a strict policy.
        let page = try await harness.send("GET", "/pay/\(id)", auth: false)
        XCTAssertEqual(page.status, 200, page.bodyText)
        XCTAssertEqual(page.headers["Content-Type"], "text/html; charset=utf-8")
        let policy = try XCTUnwrap(page.headers["Content-Security-Policy"])
        XCTAssertTrue(policy.hasPrefix("default-src 'none'"), policy)
        XCTAssertTrue(policy.contains("script-src 'sha256-"), "the inline auto-submit script is allowed by its hash only: \(policy)")
        XCTAssertFalse(policy.contains("unsafe-inline"), policy)
        XCTAssertTrue(policy.contains("form-action \(harness.base)"), policy)
        XCTAssertTrue(policy.contains("frame-ancestors 'none'"), policy)
        XCTAssertEqual(page.headers["Referrer-Policy"], "no-referrer")
        XCTAssertEqual(page.headers["Cache-Control"], "no-store")
        // The page's form posts to FranFinance's application form (the simulator).
        let action = try XCTUnwrap(Self.attribute("action", of: "form", in: page.bodyText))
        let journey = try XCTUnwrap(Self.attribute("value", of: "input", in: page.bodyText))
        let form = try await postForm(action, "auxiliaryDataId=\(journey)&paymentMean=FRF_3X")
        XCTAssertEqual(form.status, 200, form.bodyText)
        let back = try await submit(form.bodyText, decision: "accept")
        XCTAssertEqual(back.status, 303, back.bodyText)
        XCTAssertFalse(back.headers["Location"]?.contains("/kyc") ?? true, "the split journey has no KYC step")
        let location = try await returnToShop(back, id: id)
        XCTAssertTrue(location.hasPrefix("https://shop.example/ok?checkout_id=\(id)&status=paid"), location)
        // Used: the page is not served again, and an unknown id has none.
        let again = try await harness.send("GET", "/pay/\(id)", auth: false)
        XCTAssertEqual(again.status, 409, again.bodyText)
        let unknown = try await harness.send("GET", "/pay/chk_unknown", auth: false)
        XCTAssertEqual(unknown.status, 404)
    }

    func testPreAcceptedThenKYCSuccessfulThenAcceptedOverSuccessivePolls() async throws {
        try start()
        let created = try await create(smartCreditBody(method: "REVOLVINGPOS"))
        let id = try XCTUnwrap(created.text("id"))
        let form = try await harness.send("GET", try XCTUnwrap(created.text("next_action.url")), auth: false)
        let kyc = try await submit(form.bodyText, decision: "pre_accept_then_accept")
        let identified = try await postForm(try XCTUnwrap(kyc.headers["Location"]), "result=identified")
        _ = try await returnToShop(identified, id: id)
        var checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "authorized")
        XCTAssertEqual(checkout.text("provider_status"), "PRE-ACCEPTED")
        XCTAssertEqual(checkout.text("provider_data.shipping"), "hold_until_manual_release", "do not ship before the manual release")
        // Each poll is one read at SmartCredit; KYC SUCCESSFUL is still authorized, ACCEPTED is paid.
        for _ in 0..<4 where checkout.text("status") != "paid" {
            clock.advance(seconds: 16 * 60)
            await harness.service.reconcile()
            checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        }
        XCTAssertEqual(checkout.text("status"), "paid", "\(checkout)")
        XCTAssertEqual(checkout.text("provider_status"), "ACCEPTED")
        XCTAssertEqual(checkout.text("provider_data.shipping"), "allowed")
        let history = checkout["history"]?.arrayValue ?? []
        XCTAssertTrue(history.contains { $0.text("source") == "poll" && $0.text("provider_status") == "ACCEPTED" }, "\(history)")
    }

    func testRejectedAndAbortedApplicationsFailAndSendTheBuyerToTheFailureURL() async throws {
        try start()
        for (decision, status, reason) in [("reject", "REJECTED", "another payment method"), ("abort", "ABORTED", "aborted")] {
            let created = try await create(smartCreditBody(method: "FRF_4X"))
            let id = try XCTUnwrap(created.text("id"))
            let page = try await harness.send("GET", "/pay/\(id)", auth: false)
            let action = try XCTUnwrap(Self.attribute("action", of: "form", in: page.bodyText))
            let journey = try XCTUnwrap(Self.attribute("value", of: "input", in: page.bodyText))
            let form = try await postForm(action, "auxiliaryDataId=\(journey)&paymentMean=FRF_4X")
            let back = try await submit(form.bodyText, decision: decision)
            let location = try await returnToShop(back, id: id)
            XCTAssertTrue(location.hasPrefix("https://shop.example/failed?checkout_id=\(id)&status=failed"), location)
            let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
            XCTAssertEqual(checkout.text("status"), "failed")
            XCTAssertEqual(checkout.text("provider_status"), status)
            XCTAssertTrue(checkout.text("provider_data.failure_reason")?.contains(reason) ?? false, "\(checkout)")
        }
    }

    // MARK: - The merchant portal

    func testManualReleaseThenReimbursementInThePortalArePickedUp() async throws {
        try start()
        let id = try await completeSplitJourney(decision: "pre_accept")
        var checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "authorized")
        XCTAssertEqual(checkout.text("provider_data.shipping"), "hold_until_manual_release")
        let application = try XCTUnwrap(checkout.text("provider_reference"))
        // SmartCredit's back office releases the goods; the next poll brings ACCEPTED.
        try await portal(application, "release")
        clock.advance(seconds: 16 * 60)
        await harness.service.reconcile()
        checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "paid", "\(checkout)")
        XCTAssertEqual(checkout.text("provider_data.shipping"), "allowed")
        // The merchant reimburses in the portal days later; the reconciler still asks about a
        // paid application (its schedule watches paid ones), so a poll brings REIMBURSED.
        try await portal(application, "reimburse")
        clock.advance(seconds: 3 * 86_400)
        await harness.service.reconcile()
        checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "refunded", "\(checkout)")
        XCTAssertEqual(checkout.text("provider_status"), "REIMBURSED")
        XCTAssertEqual(checkout.at("refunded_amount"), .number(JSONNumber(50400)))
    }

    func testACancellationInThePortalIsPickedUp() async throws {
        try start()
        let id = try await completeSplitJourney(decision: "accept")
        let paid = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(paid.text("status"), "paid")
        let application = try XCTUnwrap(paid.text("provider_reference"))
        try await portal(application, "cancel")
        clock.advance(seconds: 16 * 60)
        await harness.service.reconcile()
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "canceled", "\(checkout)")
        XCTAssertEqual(checkout.text("provider_status"), "CANCELLED")
    }

    func testTheOlderAPIVersionSendsTheTokenInTheQuery() async throws {
        var options = KassaService.Options()
        options.simulators.adjust(SmartCreditSimulator.Configuration.self) { $0.tokenPlacements = [.queryParameter] }
        try start(options: options, environment: ["KASSA_PROVIDERS_SMARTCREDIT_API_VERSION": "1.0.0"])
        let created = try await create(smartCreditBody(method: "REVOLVINGPOS"))
        XCTAssertNotNil(created.text("provider_reference"))
        // The log keeps paths, never the query: the token is not in it.
        XCTAssertFalse(harness.logLines.all.contains { $0.contains("access_token=") }, harness.logLines.all.joined(separator: "\n"))
        // The same simulator refuses the header-only 1.1.0 way, so the test can tell them apart.
        await harness.shutdown()
        try start(options: options)
        let refused = try await harness.send("POST", "/v1/checkouts", body: smartCreditBody(method: "REVOLVINGPOS"))
        XCTAssertEqual(refused.status, 502, refused.bodyText)
    }

    func testAnInitializeAnswerThatIsNeitherAURLNorAPageIsAProviderErrorAndNeedsSync() async throws {
        var options = KassaService.Options()
        options.simulators.adjust(SmartCreditSimulator.Configuration.self) { $0.initializeAnswerOverride = "OK" }
        try start(options: options)
        let response = try await harness.send("POST", "/v1/checkouts", body: smartCreditBody(method: "FRF_3X"))
        // SmartCredit may have started the application: the checkout is kept, needs_sync, no next action.
        XCTAssertEqual(response.status, 202, response.bodyText)
        let created = try JSONValue.parse(response.body)
        XCTAssertEqual(created.at("needs_sync"), .bool(true))
        XCTAssertEqual(created.at("next_action"), .null)
        XCTAssertTrue(created["history"]?.arrayValue?.contains { $0.text("detail")?.contains("neither a URL nor an HTML page") ?? false } ?? true,
                      "\(created)")
    }

    // MARK: - Polling

    func testAnApplicationStillOpenAtTheDeadlineExpires() async throws {
        try start(environment: ["KASSA_PROVIDERS_SMARTCREDIT_DEADLINE_HOURS": "1", "KASSA_CHECKOUT_EXPIRE_AFTER_SECONDS": "3600"])
        let created = try await create(smartCreditBody(method: "REVOLVINGPOS"))
        let id = try XCTUnwrap(created.text("id"))
        // Polled before the deadline: still open.
        clock.advance(seconds: 5 * 60)
        await harness.service.reconcile()
        let open = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(open.text("status"), "pending")
        clock.advance(seconds: 3600)
        await harness.service.reconcile()
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "expired", "\(checkout)")
    }

    func testProviderSchedulePollsAtThirtySecondsThenBacksOffToFifteenMinutes() throws {
        try start(environment: ["KASSA_PROVIDERS_SMARTCREDIT_DEADLINE_HOURS": "48"])
        let schedule = try XCTUnwrap(adapter.value.withLock { $0 }).pollSchedule
        XCTAssertEqual((0..<6).map { schedule.interval(beforePoll: $0) },
                       [.seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(900), .seconds(900)])
        XCTAssertEqual(schedule.deadline, .seconds(48 * 3600))
    }

    func testAnInitializeWithoutAnswerIsNeedsSyncAndFoundBySearchOnTheOrderReference() async throws {
        var options = KassaService.Options()
        // SmartCredit starts the application and never answers; the adapter gives up after 1 s.
        options.sandboxFaults = { method, path in method == "POST" && path.hasSuffix("/_processAndRedirect") ? "timeout" : nil }
        options.simulators.adjust(SmartCreditSimulator.Configuration.self) { $0.timeoutHold = .seconds(5) }
        try start(options: options, environment: ["KASSA_PROVIDERS_SMARTCREDIT_TIMEOUT_SECONDS": "1"])
        let reference = "order_\(UUID().uuidString.prefix(8))"
        let response = try await harness.send("POST", "/v1/checkouts", body: smartCreditBody(method: "REVOLVINGPOS", reference: reference))
        XCTAssertEqual(response.status, 202, response.bodyText)
        let created = try JSONValue.parse(response.body)
        XCTAssertEqual(created.at("needs_sync"), .bool(true))
        XCTAssertEqual(created.at("provider_reference"), .null)
        let id = try XCTUnwrap(created.text("id"))
        // The adapter's search finds the application by orderId.
        let provider = try XCTUnwrap(adapter.value.withLock { $0 })
        let checkout = try await harness.service.store.checkout(id: CheckoutID(id))
        let found = try await provider.search(for: try XCTUnwrap(checkout))
        guard case .found(let applicationID, let status) = found else { return XCTFail("\(found)") }
        XCTAssertFalse(applicationID.isEmpty)
        XCTAssertEqual(status.providerStatus, "INITIALIZED")
        XCTAssertEqual(status.status, .pending)
        // The reconciler's poll of the flagged checkout searches the same way: it records the
        // application id as the provider reference and clears needs_sync.
        clock.advance(seconds: 60)
        await harness.service.reconcile()
        let resolved = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(resolved.at("needs_sync"), .bool(false), "\(resolved)")
        XCTAssertEqual(resolved.text("status"), "pending")
        XCTAssertEqual(resolved.text("provider_reference"), applicationID)
        XCTAssertEqual(resolved.text("provider_data.application_id"), applicationID)
        // Another order reference was never created there.
        var other = try XCTUnwrap(checkout)
        other.orderReference = "order_never_sent"
        let missing = try await provider.search(for: other)
        XCTAssertEqual(missing, .notFound)
    }

    // MARK: - Errors and refusals

    func testASecondApplicationForTheSameOrderReferenceIsReportedAsADuplicateOrderID() async throws {
        try start()
        let reference = "order_\(UUID().uuidString.prefix(8))"
        _ = try await create(smartCreditBody(method: "REVOLVINGPOS", reference: reference))
        let problem = try await harness.json("POST", "/v1/checkouts", body: smartCreditBody(method: "FRF_3X", reference: reference), expect: 422)
        XCTAssertEqual(problem.text("code"), "validation_error")
        XCTAssertEqual(problem["errors"]?.arrayValue?.compactMap { $0.text("field") }, ["order.reference"])
        XCTAssertTrue(problem.text("detail")?.contains("already has an application") ?? false, "\(problem)")
        XCTAssertTrue(problem.text("detail")?.contains("invalid_orderId") ?? false, "\(problem)")
        XCTAssertEqual(problem.text("checkout_status"), "failed")
    }

    func testCaptureCancelAndRefundAreRefusedWithThePortalHint() async throws {
        try start()
        let created = try await create(smartCreditBody(method: "REVOLVINGPOS"))
        let id = try XCTUnwrap(created.text("id"))
        for operation in ["capture", "cancel", "refunds"] {
            let problem = try await harness.json("POST", "/v1/checkouts/\(id)/\(operation)", body: "{}", expect: 422)
            XCTAssertEqual(problem.text("code"), "operation_not_supported", operation)
            XCTAssertTrue(problem.text("detail")?.contains("merchant portal") ?? false, "\(operation): \(problem)")
            XCTAssertTrue(problem.text("detail")?.contains("polling") ?? false, "\(operation): \(problem)")
        }
    }

    func testAnExpiredTokenIsRefreshedOnceAndTheCallRepeated() async throws {
        var options = KassaService.Options()
        let simulatorClock = MovableClock()
        options.simulators.adjust(SmartCreditSimulator.Configuration.self) { $0.now = simulatorClock.read }
        try start(options: options)
        let created = try await create(smartCreditBody(method: "REVOLVINGPOS"))
        let id = try XCTUnwrap(created.text("id"))
        XCTAssertEqual(tokenRequests(), 1)
        // SG Connect's token lives 599 s; the adapter's own clock has not moved, so it still
        // sends the old token, which SmartCredit refuses (401 invalid_token).
        simulatorClock.advance(seconds: 600)
        let refreshed = try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        XCTAssertEqual(refreshed.text("status"), "pending")
        XCTAssertEqual(tokenRequests(), 2)
    }

    func testAPostToTheWebhookIsKeptButNeverActedUpon() async throws {
        try start()
        let created = try await create(smartCreditBody(method: "REVOLVINGPOS"))
        let id = try XCTUnwrap(created.text("id"))
        let response = try await harness.send("POST", "/v1/webhooks/smartcredit?checkout=\(id)", body: #"{"status":"ACCEPTED"}"#, auth: false)
        XCTAssertEqual(response.status, 200, response.bodyText)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "pending")
        XCTAssertFalse(checkout["history"]?.arrayValue?.contains { $0.text("source") == "webhook" } ?? true, "\(checkout)")
    }

    // MARK: - Helpers

    private func create(_ body: String, file: StaticString = #filePath, line: UInt = #line) async throws -> JSONValue {
        try await harness.json("POST", "/v1/checkouts", body: body, expect: 201, file: file, line: line)
    }

    /// A merchant-portal action on the simulator (`release`, `cancel`, `reimburse`).
    private func portal(_ application: String, _ action: String) async throws {
        let response = try await harness.send("POST", "/sandbox/smartcredit/portal/applications/\(application)/\(action)", auth: false)
        XCTAssertEqual(response.status, 200, response.bodyText)
    }

    /// Creates an FRF_3X checkout, opens /pay/{id}, sends the form with `decision` and returns.
    private func completeSplitJourney(decision: String) async throws -> String {
        let created = try await create(smartCreditBody(method: "FRF_3X"))
        let id = try XCTUnwrap(created.text("id"))
        let page = try await harness.send("GET", "/pay/\(id)", auth: false)
        let action = try XCTUnwrap(Self.attribute("action", of: "form", in: page.bodyText))
        let journey = try XCTUnwrap(Self.attribute("value", of: "input", in: page.bodyText))
        let form = try await postForm(action, "auxiliaryDataId=\(journey)&paymentMean=FRF_3X")
        _ = try await returnToShop(try await submit(form.bodyText, decision: decision), id: id)
        return id
    }

    private func tokenRequests() -> Int {
        harness.logLines.all.filter { $0.contains("sgconnect/oauth2/access_token") && $0.contains("provider call") }.count
    }

    /// Presses the application form's button for `decision`.
    private func submit(_ formPage: String, decision: String) async throws -> OutboundResponse {
        let action = try XCTUnwrap(Self.attribute("action", of: "form", in: formPage), formPage)
        return try await postForm(action, "decision=\(decision)")
    }

    private func postForm(_ url: String, _ body: String) async throws -> OutboundResponse {
        let absolute = url.hasPrefix("http") ? url : harness.base + url
        return try await harness.client.send(OutboundRequest(method: .post, url: absolute,
                                                             headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                             body: Array(body.utf8)))
    }

    /// Follows the journey's redirect to Kassa's return route, which answers the shop's URL.
    private func returnToShop(_ redirect: OutboundResponse, id: String) async throws -> String {
        let returnURL = try XCTUnwrap(redirect.headers["Location"], redirect.bodyText)
        XCTAssertTrue(returnURL.hasPrefix("\(harness.base)/v1/return/smartcredit/\(id)?outcome="), returnURL)
        let back = try await harness.send("GET", returnURL, auth: false)
        XCTAssertEqual(back.status, 303, back.bodyText)
        return try XCTUnwrap(back.headers["Location"])
    }

    /// The first `name="…"` attribute of the first `<element` in `html`, entities decoded.
    static func attribute(_ name: String, of element: String, in html: String) -> String? {
        guard let tag = html.range(of: "<\(element) ") else { return nil }
        let rest = html[tag.upperBound...]
        guard let end = rest.firstIndex(of: ">"), let start = rest[..<end].range(of: "\(name)=\"") else { return nil }
        let value = rest[start.upperBound...].prefix { $0 != "\"" }
        return String(value).replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// A valid SmartCredit checkout: a French buyer for the FranFinance means, a German one for
/// REVOLVINGPOS, with a unique order reference.
func smartCreditBody(method: String, reference: String = "order_\(UUID().uuidString.prefix(8))", customer: String? = nil,
                     items: String? = nil, currency: String = "EUR") -> String {
    let isFrench = method.hasPrefix("FRF")
    let buyer = customer ?? (isFrench
        ? #"{"email":"marie@example.fr","first_name":"Marie","last_name":"Dupont","phone":"+33 6 12 34 56 78","civility":"Ms","account_id":"cus_42","address":{"street":"rue de la Paix","street_number":"12","postal_code":"75002","city":"Paris","country":"FR"}}"#
        : #"{"email":"max@example.com","first_name":"Max","last_name":"Muster","phone":"+49 170 1234567","civility":"Mr","account_id":"cus_43","address":{"street":"Hauptstr.","street_number":"1","postal_code":"10115","city":"Berlin","country":"DE"}}"#)
    let lines = items ?? #"[{"reference":"tv-55","name":"Television 55in","quantity":1,"unit_amount":49900,"tax_rate":20},{"reference":"ship","name":"Delivery","quantity":1,"unit_amount":500,"tax_rate":20,"type":"shipping"}]"#
    return """
    {"provider":"smartcredit","method":"\(method)","order":{"reference":"\(reference)","amount":50400,"currency":"\(currency)","items":\(lines)},
     "customer":\(buyer),
     "return_urls":{"success":"https://shop.example/ok","failure":"https://shop.example/failed","cancel":"https://shop.example/cancel"}}
    """
}

/// Where a test keeps the adapter its provider factory built.
final class AdapterBox: Sendable {
    let value = Mutex<SmartCreditProvider?>(nil)
}
