import Foundation
import JSON
@testable import KassaService
import Outbound
import Payments
import Providers
import Sandbox
import XCTest

/// End to end over real sockets: the shop's API calls, the buyer on the simulator's hosted
/// page (served by Kassa itself under /sandbox/secuconnect), the return URL, the push.
final class SecuconnectFlowTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    private func start(autoCapture: Bool = true, options: KassaService.Options = .init(), environment: [String: String] = [:]) throws {
        var options = options
        if !autoCapture {
            options.providerFactory = { context in
                [SecuconnectProvider(configuration: context.secuconnectConfiguration(autoCapture: false), client: context.client)]
            }
        }
        harness = try ServiceHarness(environment: environment, options: options)
    }

    /// Creates a checkout, opens its payment link, presses `choice` on the hosted page, follows
    /// the simulator's redirect to Kassa's return URL, and returns (checkout id, shop redirect).
    private func pay(_ choice: String, body: String = checkoutBody(), file: StaticString = #filePath, line: UInt = #line)
        async throws -> (id: String, shopLocation: String) {
        let created = try await harness.json("POST", "/v1/checkouts", body: body, expect: 201, file: file, line: line)
        let id = try XCTUnwrap(created.text("id"))
        XCTAssertEqual(created.text("provider"), "secuconnect")
        XCTAssertTrue(created.text("provider_reference")?.hasPrefix("STX_") ?? false, "\(created)")
        XCTAssertEqual(created.at("next_action.type"), "redirect")
        let link = try XCTUnwrap(created.text("next_action.url"))
        XCTAssertTrue(link.hasPrefix(harness.base + "/sandbox/secuconnect/"), link)
        // The buyer's browser: the hosted page, then the button's form.
        let page = try await harness.send("GET", link, auth: false)
        XCTAssertEqual(page.status, 200)
        let stx = try XCTUnwrap(created.text("provider_reference"))
        let action = "/sandbox/secuconnect/pay/\(stx)/\(choice)"
        XCTAssertTrue(page.bodyText.contains(action), page.bodyText)
        let form = try await harness.client.send(OutboundRequest(method: .post, url: harness.base + action,
                                                                 headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                                 body: Array("choice=\(choice)".utf8)))
        XCTAssertEqual(form.status, 303, form.bodyText)
        let returnURL = try XCTUnwrap(form.headers["Location"])
        XCTAssertTrue(returnURL.hasPrefix("\(harness.base)/v1/return/secuconnect/\(id)?outcome="), returnURL)
        let back = try await harness.send("GET", returnURL, auth: false)
        XCTAssertEqual(back.status, 303, back.bodyText)
        return (id, try XCTUnwrap(back.headers["Location"]))
    }

    func testApprovedCheckoutIsPaidWithPaymentTransactionIDAndEventsInOrder() async throws {
        try start()
        let (id, location) = try await pay("approve")
        XCTAssertTrue(location.hasPrefix("https://shop.example/ok?checkout_id=\(id)&status=paid"), location)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "paid")
        XCTAssertEqual(checkout.at("needs_sync"), .bool(false))
        XCTAssertTrue(checkout.text("provider_data.payment_transaction_id")?.hasPrefix("PCI_") ?? false, "\(checkout)")
        XCTAssertEqual(checkout.at("next_action"), .null)
        let history = try XCTUnwrap(checkout["history"]?.arrayValue)
        let applied = history.filter { $0.text("type") != "ignored" }
        XCTAssertEqual(applied.first?.text("type"), "created")
        XCTAssertEqual(applied.last?.text("status"), "paid")
        let sequences = history.compactMap { $0["sequence"]?.int64Value }
        XCTAssertEqual(sequences, sequences.sorted())
        // The shop's log holds the same story, in order.
        let events = try await harness.json("GET", "/v1/events?after=0", expect: 200)
        let mine = (events["events"]?.arrayValue ?? []).filter { $0.text("checkout_id") == id }
        XCTAssertEqual(mine.first?.text("type"), "created")
        XCTAssertEqual(mine.last?.text("status"), "paid")
        // The order view agrees, and the order cannot be paid twice.
        let order = try await harness.json("GET", "/v1/orders/\(checkout.text("order_reference")!)", expect: 200)
        XCTAssertEqual(order.text("status"), "paid")
        XCTAssertEqual(order.text("paid_checkout_id"), id)
    }

    func testPushNotificationAloneBringsThePaymentIn() async throws {
        try start()
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        let stx = try XCTUnwrap(created.text("provider_reference"))
        // The buyer approves but never comes back: only the simulator's push reaches Kassa.
        let form = try await harness.send("POST", "/sandbox/secuconnect/pay/\(stx)/approve", auth: false)
        XCTAssertEqual(form.status, 303)
        var status = ""
        for _ in 0..<100 {
            status = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200).text("status") ?? ""
            if status == "paid" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTAssertEqual(status, "paid")
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertTrue(checkout["history"]?.arrayValue?.contains { $0.text("source") == "webhook" && $0.text("status") == "paid" } ?? false,
                      "\(checkout)")
    }

    func testWebhookIsStoredAndAnswered200EvenForAnUnknownCheckout() async throws {
        try start()
        let response = try await harness.send("POST", "/v1/webhooks/secuconnect?checkout=chk_unknown",
                                              body: #"{"object":"event.pushes","id":"evt_1","data":[{"object":"payment.transactions","id":"PCI_X"}]}"#,
                                              auth: false)
        XCTAssertEqual(response.status, 200)
    }

    func testDeclinedCheckoutFailsAndSendsTheBuyerToTheFailureURL() async throws {
        try start()
        let (id, location) = try await pay("decline")
        XCTAssertTrue(location.hasPrefix("https://shop.example/failed?checkout_id=\(id)&status=failed"), location)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout.text("status"), "failed")
    }

    func testAbortedCheckoutStaysPayableAndSendsTheBuyerToTheCancelURL() async throws {
        try start()
        let (id, location) = try await pay("abort")
        XCTAssertTrue(location.hasPrefix("https://shop.example/cancel?checkout_id=\(id)"), location)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertFalse(["paid", "failed"].contains(checkout.text("status") ?? ""), "\(checkout)")
        XCTAssertNotEqual(checkout.at("next_action"), .null, "the buyer may come back to the link")
    }

    func testManualCaptureAfterApproval() async throws {
        try start(autoCapture: false)
        let (id, location) = try await pay("approve")
        XCTAssertTrue(location.contains("status=authorized"), location)
        let captured = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 200)
        XCTAssertEqual(captured.text("status"), "paid")
        // A second capture is refused by Kassa before the provider is asked.
        let again = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 409)
        XCTAssertEqual(again.text("code"), "invalid_status")
    }

    /// `capture_method: "manual"` on an account that captures automatically: the approval only
    /// authorizes (secuconnect `approved`), and the shop's capture makes it paid.
    func testCaptureMethodManualHoldsThePaymentUntilTheShopCaptures() async throws {
        try start()
        // French and Swiss VAT: rates with decimals pass through the simulator's basket check.
        let items = """
            [{"reference":"fr","name":"Livre","quantity":1,"unit_amount":2000,"tax_rate":5.5},
             {"reference":"ch","name":"Uhr","quantity":1,"unit_amount":2485,"tax_rate":8.1}]
            """
        let body = checkoutBody(extra: #","capture_method":"manual","metadata":{"cart":"c-7"}"#, items: items)
        let (id, location) = try await pay("approve", body: body)
        XCTAssertTrue(location.contains("status=authorized"), location)
        let authorized = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(authorized.text("status"), "authorized")
        XCTAssertEqual(authorized.text("capture_method"), "manual")
        let captured = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 200)
        XCTAssertEqual(captured.text("status"), "paid")
        XCTAssertEqual(captured.text("metadata.cart"), "c-7")
        // The same account without the choice still captures on approval.
        let (_, automatic) = try await pay("approve")
        XCTAssertTrue(automatic.contains("status=paid"), automatic)
    }

    func testCancelBeforeCapture() async throws {
        try start(autoCapture: false)
        let (id, _) = try await pay("approve")
        let canceled = try await harness.json("POST", "/v1/checkouts/\(id)/cancel", expect: 200)
        XCTAssertTrue(["canceled", "failed"].contains(canceled.text("status") ?? ""), "\(canceled)")
    }

    func testPartialThenFullRefund() async throws {
        try start()
        let (id, _) = try await pay("approve")
        let partial = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 1000, "reason": "one shirt back"}"#, expect: 200)
        XCTAssertTrue(partial.text("id")?.hasPrefix("re_") ?? false, "\(partial)")
        XCTAssertEqual(partial.text("status"), "succeeded")
        XCTAssertEqual(partial["amount"]?.int64Value, 1000)
        XCTAssertEqual(partial.text("checkout.status"), "partially_refunded")
        XCTAssertEqual(partial.at("checkout")?["refunded_amount"]?.int64Value, 1000)
        let rest = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", expect: 200)
        XCTAssertEqual(rest["amount"]?.int64Value, 3485, "the rest, as it was when the refund was stored")
        XCTAssertEqual(rest.text("checkout.status"), "refunded")
        XCTAssertEqual(rest.at("checkout")?["refunded_amount"]?.int64Value, 4485)
        let listed = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(listed["refunds"]?.arrayValue?.compactMap { $0.text("id") }, [partial.text("id"), rest.text("id")].compactMap { $0 })
        let more = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", expect: 409)
        XCTAssertEqual(more.text("code"), "invalid_status")
    }

    func testRefreshReadsTheProviderAgain() async throws {
        try start()
        let (id, _) = try await pay("approve")
        let refreshed = try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200)
        XCTAssertEqual(refreshed.text("status"), "paid")
    }

    func testIdempotentReplayOverTheRealProvider() async throws {
        try start()
        let body = checkoutBody()
        let first = try await harness.send("POST", "/v1/checkouts", body: body, headers: [("Idempotency-Key", "idem-e2e")])
        let second = try await harness.send("POST", "/v1/checkouts", body: body, headers: [("Idempotency-Key", "idem-e2e")])
        XCTAssertEqual(first.status, 201)
        XCTAssertEqual(second.status, 201)
        XCTAssertEqual(first.body, second.body)
        let reused = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), headers: [("Idempotency-Key", "idem-e2e")], expect: 422)
        XCTAssertEqual(reused.text("code"), "idempotency_key_reused")
    }

    func testProviderTimeoutAfterSendLeavesNeedsSync() async throws {
        var options = KassaService.Options()
        // The simulator applies the creation and never answers; the adapter gives up after 1 s.
        options.sandboxFaults = { method, path in
            method == "POST" && path.hasSuffix("/api/v2/Smart/Transactions") ? "timeout" : nil
        }
        options.simulators.adjust(SecuconnectSimulator.Configuration.self) { $0.timeoutHold = .seconds(5) }
        try start(options: options, environment: ["KASSA_PROVIDERS_SECUCONNECT_TIMEOUT_SECONDS": "1"])
        let response = try await harness.send("POST", "/v1/checkouts", body: checkoutBody())
        XCTAssertEqual(response.status, 202, response.bodyText)
        let created = try JSONValue.parse(response.body)
        XCTAssertEqual(created.at("needs_sync"), .bool(true))
        XCTAssertNotEqual(created.text("status"), "failed")
        let id = try XCTUnwrap(created.text("id"))
        let stored = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(stored.at("needs_sync"), .bool(true))
        XCTAssertTrue(stored["history"]?.arrayValue?.contains { $0.text("type") == "needs_sync" } ?? false)
        let metrics = try await harness.send("GET", "/metrics", auth: false).bodyText
        XCTAssertTrue(metrics.contains(#"kassa_provider_calls_total{provider="secuconnect",operation="create",outcome="provider_outcome_unknown"} 1"#), metrics)
    }
}

extension SecuconnectFlowTests {
    /// A capture whose answer never comes leaves `needs_sync`; the reconciler's poll brings
    /// the truth (the simulator did capture) and clears the flag.
    func testReconcilerResolvesACaptureWithoutAnswer() async throws {
        var options = KassaService.Options()
        options.sandboxFaults = { method, path in method == "POST" && path.hasSuffix("/start") ? "timeout" : nil }
        options.simulators.adjust(SecuconnectSimulator.Configuration.self) { $0.timeoutHold = .seconds(5) }
        try start(autoCapture: false, options: options,
                  environment: ["KASSA_PROVIDERS_SECUCONNECT_TIMEOUT_SECONDS": "1", "KASSA_RECONCILER_INTERVAL_SECONDS": "1"])
        let (id, _) = try await pay("approve")
        let captured = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 202)
        XCTAssertEqual(captured.at("needs_sync"), .bool(true))
        // The simulator captured and pushed; the push may have been applied already.
        XCTAssertTrue(["authorized", "paid"].contains(captured.text("status") ?? ""), "\(captured)")
        var checkout = captured
        for _ in 0..<60 {
            checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
            if checkout.at("needs_sync") == .bool(false) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(checkout.at("needs_sync"), .bool(false), "\(checkout)")
        XCTAssertEqual(checkout.text("status"), "paid")
        XCTAssertTrue(checkout["history"]?.arrayValue?.contains { $0.text("source") == "poll" && $0.text("status") == "paid" } ?? false)
    }
}
