import Crypto
import Foundation
import JSON
@testable import KassaService
import KassaTestSupport
import Outbound
import Payments
import Providers
import Sandbox
import Synchronization
import XCTest

/// SmartPay end to end over real sockets (issue 16's list): the shop's API calls, the buyer in
/// the simulator's widget (served by Kassa itself under /sandbox/smartpay), the refresh the
/// shop sends when the widget's handler fires, the simulator's webhooks, the reconciler.
final class SmartPayFlowTests: XCTestCase {
    var harness: ServiceHarness!
    let clock = ManualDate()

    override func tearDown() async throws { await harness?.shutdown() }

    /// A service whose store and reconciler run on `clock` (tests move time, never sleep).
    private func start(options: KassaService.Options = .init(), environment: [String: String] = [:]) throws {
        var options = options
        let clock = self.clock
        options.clock = { clock.now }
        options.reconcilesInBackground = false
        harness = try ServiceHarness(environment: environment, options: options)
    }

    static func body(reference: String = "sp_\(UUID().uuidString.prefix(8))", amount: Int64 = 1099, currency: String = "EUR",
                     extra: String = "") -> String {
        """
        {"provider":"smartpay","order":{"reference":"\(reference)","amount":\(amount),"currency":"\(currency)",
         "description":"Purchase 1x product ABC"},
         "customer":{"email":"hells.butcher_001@mail.com","first_name":"Butcher","last_name":"Hells",
                     "address":{"street":"Anystreet","street_number":"123","postal_code":"12345","city":"Anycity","country":"DE"}},
         "return_urls":{"success":"https://shop.example/ok","failure":"https://shop.example/failed","cancel":"https://shop.example/cancel"},
         "locale":"en-US"\(extra)}
        """
    }

    /// Creates a SmartPay checkout; answers its id, transaction id and checkout token.
    private func create(_ body: String = body(), file: StaticString = #filePath, line: UInt = #line)
        async throws -> (id: String, transaction: String, token: String) {
        let created = try await harness.json("POST", "/v1/checkouts", body: body, expect: 201, file: file, line: line)
        let id = try XCTUnwrap(created.text("id"), file: file, line: line)
        let transaction = try XCTUnwrap(created.text("next_action.transaction_id"), "\(created)", file: file, line: line)
        let token = try XCTUnwrap(created.text("next_action.checkout_token"), file: file, line: line)
        return (id, transaction, token)
    }

    /// The buyer completes the widget with `outcome` (what `smp-bundle.js` posts from its form).
    @discardableResult
    private func widget(_ token: String, _ outcome: String, file: StaticString = #filePath, line: UInt = #line) async throws -> JSONValue {
        let response = try await harness.send("POST", "/sandbox/smartpay/widget/payments",
                                              body: #"{"checkoutToken":"\#(token)","outcome":"\#(outcome)"}"#, auth: false)
        XCTAssertEqual(response.status, 200, response.bodyText, file: file, line: line)
        return try JSONValue.parse(response.body)
    }

    /// What the shop does when the widget's successHandler or errorHandler fired.
    private func refresh(_ id: String, file: StaticString = #filePath, line: UInt = #line) async throws -> JSONValue {
        try await harness.json("POST", "/v1/checkouts/\(id)/refresh", expect: 200, file: file, line: line)
    }

    private func checkout(_ id: String) async throws -> JSONValue {
        try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
    }

    /// One reconciler pass after `seconds` more.
    private func reconcile(after seconds: TimeInterval) async {
        clock.advance(seconds: seconds)
        await harness.service.reconcile()
    }

    // MARK: The widget flow

    func testCreateWidgetRefreshPaid() async throws {
        try start()
        let created = try await harness.json("POST", "/v1/checkouts", body: Self.body(), expect: 201)
        let id = try XCTUnwrap(created.text("id"))
        XCTAssertEqual(created.text("provider"), "smartpay")
        XCTAssertEqual(created.text("status"), "created")
        XCTAssertEqual(created.text("provider_status"), "CREATED")
        XCTAssertEqual(created.text("next_action.type"), "widget")
        let transaction = try XCTUnwrap(created.text("next_action.transaction_id"))
        let token = try XCTUnwrap(created.text("next_action.checkout_token"))
        XCTAssertEqual(transaction.count, 36, "seed 001: a 36-character GUID")
        XCTAssertEqual(token.count, 64, "seed 001: a 512-bit checkout token")
        XCTAssertEqual(created.text("next_action.sdk_url"), harness.base + "/sandbox/smartpay/smp-bundle.js")
        XCTAssertEqual(created.text("provider_reference"), transaction)
        // The pair is kept with the attempt, for support staff (seed 001).
        XCTAssertEqual(created.text("provider_data.transaction_id"), transaction)
        XCTAssertEqual(created.text("provider_data.checkout_token"), token)
        // The widget's script is where sdk_url says.
        let bundle = try await harness.send("GET", try XCTUnwrap(created.text("next_action.sdk_url")), auth: false)
        XCTAssertEqual(bundle.status, 200)
        XCTAssertTrue(bundle.bodyText.contains("renderWidget"))

        let callback = try await widget(token, "capture")
        XCTAssertEqual(callback.text("handler"), "success")
        let paid = try await refresh(id)
        XCTAssertEqual(paid.text("status"), "paid")
        XCTAssertEqual(paid.text("provider_status"), "CAPTURED")
        XCTAssertEqual(paid.at("next_action"), .null)
        XCTAssertEqual(paid.text("provider_data.payment_status"), "CAPTURED")
        XCTAssertNotNil(paid.text("provider_data.reconciliation_reference_id"))
        XCTAssertNotNil(paid.text("provider_data.creation_date"))
        let raw = try JSONValue.parse(Array(try XCTUnwrap(paid.text("provider_data.last_status_answer")).utf8))
        XCTAssertEqual(raw["transactionId"]?.stringValue, transaction)
    }

    func testSecondAttemptOfAnOrderKeepsItsOwnPair() async throws {
        try start()
        let reference = "sp_two_\(UUID().uuidString.prefix(6))"
        let first = try await create(Self.body(reference: reference))
        try await widget(first.token, "decline")
        let value1 = try await refresh(first.id)
        XCTAssertEqual(value1.text("status"), "failed")
        let second = try await create(Self.body(reference: reference))
        XCTAssertNotEqual(first.transaction, second.transaction)
        let value2 = try await checkout(first.id)
        XCTAssertEqual(value2.text("provider_data.checkout_token"), first.token)
        let value3 = try await checkout(second.id)
        XCTAssertEqual(value3.text("provider_data.checkout_token"), second.token)
        let order = try await harness.json("GET", "/v1/orders/\(reference)", expect: 200)
        XCTAssertEqual(order["checkouts"]?.arrayValue?.count ?? order["attempts"]?.arrayValue?.count, 2, "\(order)")
    }

    func testDeclineFails() async throws {
        try start()
        let (id, _, token) = try await create()
        // The successHandler fires for a decline too (PROVIDERS.md B): only the status tells.
        let callback = try await widget(token, "decline")
        XCTAssertEqual(callback.text("handler"), "success")
        let failed = try await refresh(id)
        XCTAssertEqual(failed.text("status"), "failed")
        XCTAssertEqual(failed.text("provider_status"), "AUTHORIZATION_FAILED")
    }

    func testMissingBuyerFieldsAre422sNamingEachFieldAndNothingIsStored() async throws {
        try start()
        let body = """
        {"provider":"smartpay","order":{"reference":"sp_bad","amount":1099,"currency":"EUR","description":"\(String(repeating: "d", count: 128))"},
         "customer":{"email":"a@example.com","address":{"street":"Anystreet","country":"DE"}},
         "return_urls":{"success":"https://shop.example/ok","failure":"https://shop.example/failed","cancel":"https://shop.example/cancel"}}
        """
        let problem = try await harness.json("POST", "/v1/checkouts", body: body, expect: 422)
        let fields = Set((problem["errors"]?.arrayValue ?? problem["field_errors"]?.arrayValue ?? []).compactMap { $0.text("field") ?? $0.text("path") })
        for field in ["/order/description", "/customer/first_name", "/customer/last_name", "/customer/address/city", "/customer/address/postal_code"] {
            XCTAssertTrue(fields.contains(field) || fields.contains(String(field.dropFirst()).replacingOccurrences(of: "/", with: ".")),
                          "\(field) in \(problem)")
        }
        let list = try await harness.json("GET", "/v1/checkouts?order_reference=sp_bad", expect: 200)
        XCTAssertEqual(list["checkouts"]?.arrayValue?.count ?? list["data"]?.arrayValue?.count ?? 0, 0, "\(list)")
    }

    // MARK: Capture, cancel, refund

    func testAuthorizeCaptureThenRefundPartThenTheRest() async throws {
        try start()
        let (id, _, token) = try await create()
        try await widget(token, "authorize")
        let authorized = try await refresh(id)
        XCTAssertEqual(authorized.text("status"), "authorized")
        XCTAssertEqual(authorized.text("provider_status"), "AUTHORIZATION_COMPLETED")
        let captured = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 200)
        XCTAssertEqual(captured.text("status"), "paid")
        let partial = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", body: #"{"amount": 299, "reason": "one item back"}"#, expect: 200)
        XCTAssertEqual(partial.text("status"), "succeeded")
        XCTAssertEqual(partial.text("checkout.status"), "partially_refunded")
        XCTAssertEqual(partial.at("checkout")?["refunded_amount"]?.int64Value, 299)
        XCTAssertEqual(partial.text("provider_reference"), partial.text("id"), "the modificationId is Kassa's refund id")
        let rest = try await harness.json("POST", "/v1/checkouts/\(id)/refunds", expect: 200)
        XCTAssertEqual(rest["amount"]?.int64Value, 800)
        XCTAssertEqual(rest.text("checkout.status"), "refunded")
        XCTAssertEqual(rest.at("checkout")?["refunded_amount"]?.int64Value, 1099)
        // SmartPay agrees: two refunds, 2.99 and 8.00, in its modifications.
        let again = try await refresh(id)
        XCTAssertEqual(again.text("status"), "refunded")
        let raw = try JSONValue.parse(Array((again.text("provider_data.last_status_answer") ?? "").utf8))
        let refunds = (raw["modifications"]?.arrayValue ?? []).filter { $0.text("modificationData.type") == "REFUND" }
        XCTAssertEqual(refunds.compactMap { $0.at("modificationData.amount")?.numberValue?.literal }, ["2.99", "8.00"])
        XCTAssertEqual(Set(refunds.compactMap { $0.text("modificationId") }), Set([partial.text("id"), rest.text("id")].compactMap { $0 }))
    }

    func testPartialCaptureSendsModifiedAmount() async throws {
        try start()
        let (id, _, token) = try await create()
        try await widget(token, "authorize")
        _ = try await refresh(id)
        let captured = try await harness.json("POST", "/v1/checkouts/\(id)/capture", body: #"{"amount": 600}"#, expect: 200)
        XCTAssertEqual(captured.text("status"), "paid", "\(captured)")
        let raw = try JSONValue.parse(Array((captured.text("provider_data.last_status_answer") ?? "").utf8))
        let captures = (raw["modifications"]?.arrayValue ?? []).filter { $0.text("modificationData.type") == "CAPTURE" }
        XCTAssertEqual(captures.compactMap { $0.at("modificationData.amount")?.numberValue?.literal }, ["6.00"], "\(raw)")
    }

    func testCancelAnAuthorization() async throws {
        try start()
        let (id, _, token) = try await create()
        try await widget(token, "authorize")
        _ = try await refresh(id)
        let canceled = try await harness.json("POST", "/v1/checkouts/\(id)/cancel", expect: 200)
        XCTAssertEqual(canceled.text("status"), "canceled")
        XCTAssertEqual(canceled.text("provider_status"), "CANCELLED")
    }

    func testARetriedCaptureReusesItsModificationID() async throws {
        var options = KassaService.Options()
        let captures = Mutex(0)
        // The first capture reaches the simulator, which applies it and never answers; the
        // adapter gives up after 1 s. The retry must be the same modification.
        options.sandboxFaults = { method, path in
            guard method == "POST", path.hasSuffix("/payment/capture") else { return nil }
            return captures.withLock { count in count += 1; return count == 1 ? "timeout" : nil }
        }
        options.simulators.adjust(SmartPaySimulator.Configuration.self) { $0.timeoutHold = .seconds(3) }
        try start(options: options, environment: ["KASSA_PROVIDERS_SMARTPAY_TIMEOUT_SECONDS": "1"])
        let (id, _, token) = try await create()
        try await widget(token, "authorize")
        _ = try await refresh(id)
        let unknown = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 202)
        XCTAssertEqual(unknown.at("needs_sync"), .bool(true))
        let retried = try await harness.json("POST", "/v1/checkouts/\(id)/capture", expect: 200)
        XCTAssertEqual(retried.text("status"), "paid")
        XCTAssertEqual(captures.withLock { $0 }, 2)
        // One capture at SmartPay, under one modificationId: Kassa's operation id.
        let raw = try JSONValue.parse(Array((retried.text("provider_data.last_status_answer") ?? "").utf8))
        let ids = (raw["modifications"]?.arrayValue ?? []).filter { $0.text("modificationData.type") == "CAPTURE" }.compactMap { $0.text("modificationId") }
        XCTAssertEqual(ids.count, 1, "\(raw)")
        XCTAssertTrue(ids.first?.hasPrefix("op_") ?? false, "\(ids)")
    }

    // MARK: The pending rule

    func testPendingIsResolvedByTheScheduledReReads() async throws {
        try start()
        let (id, _, token) = try await create()
        try await widget(token, "pending_then_capture")
        let pending = try await refresh(id)
        XCTAssertEqual(pending.text("status"), "pending")
        XCTAssertEqual(pending.text("provider_status"), "AUTHORIZATION_PENDING")
        XCTAssertEqual(pending.text("provider_data.payment_status"), "AUTHORIZATION_PENDING")
        // Nothing sleeps: the reconciler re-reads on SmartPay's schedule, inside three minutes.
        var status = "pending"
        for _ in 0..<3 where status != "paid" {
            await reconcile(after: 61)
            status = try await checkout(id).text("status") ?? ""
        }
        XCTAssertEqual(status, "paid")
        let history = try await checkout(id)["history"]?.arrayValue ?? []
        XCTAssertTrue(history.contains { $0.text("source") == "poll" && $0.text("status") == "paid" }, "\(history)")
        XCTAssertFalse(harness.logLines.all.contains { $0.contains("still AUTHORIZATION_PENDING") })
    }

    func testPendingForeverLogsAnErrorOnceAndStaysWithTheReconciler() async throws {
        try start()
        let (id, transaction, token) = try await create()
        try await widget(token, "pending_forever")
        let value4 = try await refresh(id)
        XCTAssertEqual(value4.text("status"), "pending")
        for _ in 0..<3 { await reconcile(after: 61) }
        let errors = harness.logLines.all.filter { $0.contains("still AUTHORIZATION_PENDING") }
        XCTAssertEqual(errors.count, 1, "\(harness.logLines.all.suffix(20))")
        XCTAssertTrue(errors.first?.contains(#""level":"error""#) ?? false, "\(errors)")
        XCTAssertTrue(errors.first?.contains(transaction) ?? false)
        // Left to the reconciler: still polled later, not logged again, not final, not needs_sync.
        await reconcile(after: 900)
        let checkout = try await checkout(id)
        XCTAssertEqual(checkout.text("status"), "pending")
        XCTAssertEqual(checkout.at("needs_sync"), .bool(false))
        XCTAssertEqual(harness.logLines.all.filter { $0.contains("still AUTHORIZATION_PENDING") }.count, 1)
    }

    // MARK: Webhooks

    private func hook(_ transaction: String, id: String, authorization: String?) async throws -> OutboundResponse {
        var headers: [(String, String)] = []
        if let authorization { headers.append(("Authorization", authorization)) }
        let body = """
        {"id":"\(id)","merchantKey":"\(SandboxDefaults.smartpayMerchantKey)","createdAt":"2026-12-03T18:00:00.000Z",
         "eventType":"updated","objectId":"\(transaction)","objectType":"payment","origin":"widget"}
        """
        return try await harness.send("POST", "/v1/webhooks/smartpay", body: body, headers: headers, auth: false)
    }

    private var rightCredentials: String {
        "Basic " + Base64.encode(Array("\(SandboxDefaults.smartpayWebhookUsername):\(SandboxDefaults.smartpayWebhookPassword)".utf8))
    }

    /// The simulator sends no webhooks of its own here: only the test's reach Kassa.
    private func startWithoutSimulatorWebhooks() throws {
        var options = KassaService.Options()
        options.simulators.adjust(SmartPaySimulator.Configuration.self) { $0.webhookURL = nil }
        // No quiet time after a re-read: a repeat is stopped by its id, not by the gate.
        try start(options: options, environment: ["KASSA_WEBHOOKS_RESYNC_INTERVAL_SECONDS": "0"])
    }

    private func waitForLog(_ text: String, count: Int) async throws {
        for _ in 0..<200 where harness.logLines.all.filter({ $0.contains(text) }).count < count {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func testWebhookWithWrongCredentialsIs401AndNothingIsApplied() async throws {
        try startWithoutSimulatorWebhooks()
        let (id, transaction, token) = try await create()
        try await widget(token, "capture")
        for authorization in [nil, "Basic " + Base64.encode(Array("\(SandboxDefaults.smartpayWebhookUsername):wrong".utf8))] {
            let response = try await hook(transaction, id: "evt-\(UUID())", authorization: authorization)
            XCTAssertEqual(response.status, 401, response.bodyText)
        }
        let checkout = try await checkout(id)
        XCTAssertEqual(checkout.text("status"), "created", "nothing re-read, nothing applied")
        XCTAssertFalse((checkout["history"]?.arrayValue ?? []).contains { $0.text("source") == "webhook" })
    }

    func testTheSameWebhookTwiceIsAppliedOnce() async throws {
        try startWithoutSimulatorWebhooks()
        let (id, transaction, token) = try await create()
        try await widget(token, "capture")
        let first = try await hook(transaction, id: "evt-dup-1", authorization: rightCredentials)
        XCTAssertEqual(first.status, 200)
        try await waitForLog("webhook processed", count: 1)
        let value5 = try await checkout(id)
        XCTAssertEqual(value5.text("status"), "paid")
        let second = try await hook(transaction, id: "evt-dup-1", authorization: rightCredentials)
        XCTAssertEqual(second.status, 200)
        try await waitForLog("webhook processed", count: 2)
        let history = try await checkout(id)["history"]?.arrayValue ?? []
        XCTAssertEqual(history.filter { $0.text("source") == "webhook" }.count, 1, "\(history)")
        // Another id about the same payment is a new notification: re-read again (a duplicate status).
        _ = try await hook(transaction, id: "evt-dup-2", authorization: rightCredentials)
        try await waitForLog("webhook processed", count: 3)
        let value6 = try await checkout(id)
        XCTAssertEqual((value6["history"]?.arrayValue ?? []).filter { $0.text("source") == "webhook" }.count, 2)
    }

    func testSimulatorWebhookAloneBringsThePaymentIn() async throws {
        try start()
        let (id, _, token) = try await create()
        try await widget(token, "capture")
        var status = ""
        for _ in 0..<200 {
            status = try await checkout(id).text("status") ?? ""
            if status == "paid" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertEqual(status, "paid")
    }

    // MARK: Amounts

    func testAmountsRoundTripExactlyInEURAndJPY() async throws {
        let largest: Int64 = 1_000_000_000_000
        try start(environment: ["KASSA_CHECKOUT_MAX_AMOUNT": "\(largest)"])
        let cases: [(Int64, String, String)] = [(1, "EUR", "0.01"), (1099, "EUR", "10.99"), (largest, "EUR", "10000000000.00"),
                                                (1, "JPY", "1"), (1099, "JPY", "1099"), (largest, "JPY", "1000000000000")]
        for (amount, currency, literal) in cases {
            let (id, _, token) = try await create(Self.body(amount: amount, currency: currency))
            try await widget(token, "capture")
            let paid = try await refresh(id)
            // Paid means the amount SmartPay reports is the one asked for (any other is an integrity event).
            XCTAssertEqual(paid.text("status"), "paid", "\(amount) \(currency): \(paid)")
            XCTAssertEqual(paid["amount"]?.int64Value, amount)
            let raw = try JSONValue.parse(Array((paid.text("provider_data.last_status_answer") ?? "").utf8))
            // The kept answer is masked like card data: a 13-digit amount is a masked string there.
            if literal.filter(\.isNumber).count < 13 {
                let reported = try XCTUnwrap(raw.at("transactionOverview.amount")?.numberValue?.literal, "\(raw)")
                XCTAssertEqual(Money(decimal: reported, currency: Currency(code: currency)!)?.minorUnits, amount, reported)
            }
            XCTAssertEqual(Money(minorUnits: amount, currency: Currency(code: currency)!).decimalString, literal)
        }
        // One more than the largest is refused before SmartPay is asked.
        let problem = try await harness.json("POST", "/v1/checkouts", body: Self.body(amount: largest + 1), expect: 422)
        XCTAssertTrue("\(problem)".contains("amount"))
    }

    // MARK: OAuth

    func testOAuthTokenExpiryAndA401ClearTheTokenOnce() async throws {
        let providerClock = ManualDate()
        var options = KassaService.Options()
        options.simulators.adjust(SmartPaySimulator.Configuration.self) { $0.now = { providerClock.now } }
        try start(options: options, environment: ["KASSA_PROVIDERS_SMARTPAY_AUTH": "oauth"])
        let tokenCalls = { self.harness.logLines.all.filter { $0.contains("provider call") && $0.contains("/oauth2/token") }.count }
        let (id, _, token) = try await create()
        XCTAssertEqual(tokenCalls(), 1)
        try await widget(token, "capture")
        // The token is still good: no new one.
        let value7 = try await refresh(id)
        XCTAssertEqual(value7.text("status"), "paid")
        XCTAssertEqual(tokenCalls(), 1)
        // SmartPay's clock passes expires_in (3600 s): it answers 401, Kassa drops the token
        // once, fetches one, and repeats the call once.
        providerClock.advance(seconds: 3601)
        let value8 = try await refresh(id)
        XCTAssertEqual(value8.text("status"), "paid")
        XCTAssertEqual(tokenCalls(), 2)
        let refused = harness.logLines.all.filter { $0.contains("provider call") && $0.contains("/payment/status/") && $0.contains(#""status":401"#) }
        XCTAssertEqual(refused.count, 1, "\(harness.logLines.all.suffix(10))")
        // No credential in the logs.
        XCTAssertFalse(harness.logLines.all.contains { $0.contains(SandboxDefaults.smartpayClientSecret) })
    }

    // MARK: The sandbox test helper

    func testEachOutcomeThroughTheSandboxTestHelper() async throws {
        try start()
        let expected: [(String, String, String)] = [("authorize", "authorized", "AUTHORIZATION_COMPLETED"), ("capture", "paid", "CAPTURED"),
                                                    ("decline", "failed", "AUTHORIZATION_FAILED"),
                                                    ("pending_forever", "pending", "AUTHORIZATION_PENDING")]
        for (outcome, status, raw) in expected {
            let (id, _, _) = try await create()
            let played = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"\#(outcome)"}"#, expect: 202)
            XCTAssertEqual(played.text("outcome"), outcome)
            let refreshed = try await refresh(id)
            XCTAssertEqual(refreshed.text("status"), status, outcome)
            XCTAssertEqual(refreshed.text("provider_data.payment_status"), raw, outcome)
        }
        // pending_then_capture: resolved by the scheduled re-reads, no refresh needed.
        let (id, _, _) = try await create()
        try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"pending_then_capture"}"#, expect: 202)
        var current = ""
        for _ in 0..<4 where current != "paid" {
            await reconcile(after: 61)
            current = try await checkout(id).text("status") ?? ""
        }
        XCTAssertEqual(current, "paid")
        let unknown = try await harness.json("POST", "/v1/checkouts/\(id)/simulate", body: #"{"outcome":"explode"}"#, expect: 422)
        XCTAssertTrue("\(unknown)".contains("pending_then_capture"), "\(unknown)")
    }
}
