import Foundation
import JSON
import KassaTestSupport
import Outbound
import Payments
import Providers
import XCTest

/// The adapter against the secuconnect simulator over real sockets: create, the hosted page,
/// status, capture, cancel, refunds, faults and token handling.
final class SecuconnectProviderTests: SecuconnectTestCase {
    func testCreateAnswersARedirectToTheGeneralPaymentLink() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request(locale: "de-DE")
        let created = try await provider.createCheckout(request)
        XCTAssertTrue(created.providerReference?.hasPrefix("STX_") ?? false, created.providerReference ?? "none")
        XCTAssertEqual(created.providerStatus, "created")
        XCTAssertEqual(created.status, .pending)
        guard created.nextAction.type == "redirect", let url = created.nextAction.fields["url"]?.stringValue else {
            return XCTFail("\(created.nextAction)")
        }
        XCTAssertTrue(url.contains("stx=\(created.providerReference ?? "none")"), url)
        XCTAssertFalse(url.contains("payment-method="), url)
        XCTAssertEqual(created.data["redirect_url"], url)
        XCTAssertEqual(simulator.transactionCount, 1)
        XCTAssertEqual(sender.count(pathSuffix: "/oauth/token"), 1)
        // What went on the wire is the pure body (compared with seed 002 in SecuconnectWireTests).
        let sent = try XCTUnwrap(sender.requests.last { $0.url.hasSuffix("/api/v2/Smart/Transactions") })
        XCTAssertEqual(sent.method, .post)
        XCTAssertEqual(sent.headers["Content-Type"], "application/json")
        XCTAssertEqual(sent.headers["Authorization"]?.hasPrefix("Bearer "), true)
        XCTAssertEqual(try JSONValue.parse(sent.body), try SecuconnectProvider.makeSmartTransactionBody(request, configuration: provider.configuration))
    }

    func testAMethodAnswersThatMethodsLinkOnly() async throws {
        let created = try await makeProvider().createCheckout(Self.seed002Request(method: "paypal"))
        guard created.nextAction.type == "redirect", let url = created.nextAction.fields["url"]?.stringValue else {
            return XCTFail("\(created.nextAction)")
        }
        XCTAssertTrue(url.contains("payment-method=paypal"), url)
        XCTAssertTrue(url.contains("stx=\(created.providerReference ?? "none")"), url)
    }

    func testAnUnknownMethodIsRefusedBeforeAnythingIsSent() async throws {
        let provider = makeProvider()
        let error = await providerError { try await provider.createCheckout(Self.seed002Request(method: "bitcoin")) }
        XCTAssertEqual(error?.isInvalidRequest, true)
        XCTAssertEqual(error?.field, "method")
        XCTAssertEqual(simulator.transactionCount, 0)
        XCTAssertTrue(sender.requests.isEmpty)
    }

    func testApprovedOnTheHostedPageIsPaidWithThePaymentTransactionID() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request()
        let created = try await provider.createCheckout(request)
        let reply = try pressOnHostedPage(created.providerReference ?? "none", "approve")
        XCTAssertEqual(reply.status, 303, reply.text)
        XCTAssertEqual(reply.header("Location"), request.returnURLs.success)

        let status = try await provider.fetchStatus(of: Self.checkout(for: request, created))
        XCTAssertEqual(status.providerStatus, "ok")
        XCTAssertEqual(status.status, .paid)
        XCTAssertEqual(status.amount, Money(minorUnits: 4485, currency: .eur))
        XCTAssertNil(status.refundedAmount)
        let payment = try XCTUnwrap(status.data["payment_transaction_id"])
        XCTAssertNotNil(payment.range(of: "^PCI_[A-Z0-9]{30}$", options: .regularExpression), payment)
        XCTAssertEqual(status.data["payment_method"], "creditcard")
        XCTAssertNotNil(status.data["trans_id"])
    }

    func testTheSimulatorsPushNamesThePaymentTransactionFetchStatusReports() async throws {
        let provider = makeProvider()
        let (_, status) = try await approvedCheckout(provider)
        XCTAssertTrue(eventually { !self.pushes.received.isEmpty })
        let push = try XCTUnwrap(pushes.received.first)
        XCTAssertEqual(push.url, "https://kassa.example.com/v1/webhooks/secuconnect")
        XCTAssertEqual(SecuconnectProvider.paymentTransactionIDs(inPush: push.body), [try XCTUnwrap(status.data["payment_transaction_id"])])
    }

    func testDeclinedOnTheHostedPageIsFailed() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request()
        let created = try await provider.createCheckout(request)
        let reply = try pressOnHostedPage(created.providerReference ?? "none", "decline")
        XCTAssertEqual(reply.header("Location"), request.returnURLs.failure)
        let status = try await provider.fetchStatus(of: Self.checkout(for: request, created))
        XCTAssertEqual(status.providerStatus, "failed")
        XCTAssertEqual(status.status, .failed)
    }

    func testAbortedOnTheHostedPageStaysPending() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request()
        let created = try await provider.createCheckout(request)
        XCTAssertEqual(try pressOnHostedPage(created.providerReference ?? "none", "abort").header("Location"), request.returnURLs.cancel)
        let status = try await provider.fetchStatus(of: Self.checkout(for: request, created))
        XCTAssertEqual(status.status, .pending)
    }

    func testWithoutAutoCaptureApprovalIsAuthorizedUntilCaptured() async throws {
        let provider = makeProvider(autoCapture: false)
        let (checkout, authorized) = try await approvedCheckout(provider)
        XCTAssertEqual(authorized.providerStatus, "approved")
        XCTAssertEqual(authorized.status, .authorized)

        let partial = await providerError { try await provider.capture(checkout, amount: Money(minorUnits: 100, currency: .eur)) }
        XCTAssertEqual(partial?.isUnsupported, true)
        let captured = try await provider.capture(checkout, amount: nil)
        XCTAssertEqual(captured.providerStatus, "ok")
        XCTAssertEqual(captured.status, .paid)
        XCTAssertEqual(captured.amount, Money(minorUnits: 4485, currency: .eur))
    }

    func testCancelBeforeCaptureVoidsTheAuthorisation() async throws {
        let provider = makeProvider(autoCapture: false)
        var (checkout, _) = try await approvedCheckout(provider)
        let canceled = try await provider.cancel(checkout)
        XCTAssertEqual(canceled.providerStatus, "failed")
        XCTAssertEqual(canceled.status, .canceled)
        checkout.status = .canceled
        let later = try await provider.fetchStatus(of: checkout)
        XCTAssertEqual(later.status, .canceled)
        XCTAssertEqual(later.data["payment_status_simple"], "5")
    }

    func testCancelBeforeTheBuyerPaidAbortsTheOrder() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request()
        let created = try await provider.createCheckout(request)
        let canceled = try await provider.cancel(Self.checkout(for: request, created))
        XCTAssertEqual(canceled.status, .canceled)
        XCTAssertEqual(try pressOnHostedPage(created.providerReference ?? "none", "approve").status, 409)
    }

    func testCancelAfterCaptureIsRefusedAndRefundsNothing() async throws {
        let provider = makeProvider()
        var (checkout, _) = try await approvedCheckout(provider)
        // Kassa's copy may lag behind the provider: the adapter asks before it cancels.
        checkout.status = .authorized
        let error = await providerError { try await provider.cancel(checkout) }
        XCTAssertEqual(error?.isUnsupported, true, "\(String(describing: error))")
        XCTAssertEqual(sender.count(pathSuffix: "/cancel"), 0)
        let status = try await provider.fetchStatus(of: checkout)
        XCTAssertEqual(status.status, .paid)
    }

    func testPartialThenFullRefund() async throws {
        let provider = makeProvider()
        let (checkout, _) = try await approvedCheckout(provider)

        let partial = try await provider.refund(checkout, amount: Money(minorUnits: 1000, currency: .eur), reason: "Order 123: pen returned")
        XCTAssertEqual(partial.status, .partiallyRefunded)
        XCTAssertEqual(partial.refundedAmount, Money(minorUnits: 1000, currency: .eur))
        let polled = try await provider.fetchStatus(of: checkout)
        XCTAssertEqual(polled.status, .partiallyRefunded)
        XCTAssertEqual(polled.refundedAmount, Money(minorUnits: 1000, currency: .eur))
        XCTAssertEqual(polled.amount, Money(minorUnits: 4485, currency: .eur))

        var after = checkout
        after.status = .partiallyRefunded
        after.refundedMinorUnits = 1000
        let full = try await provider.refund(after, amount: nil, reason: nil)
        XCTAssertEqual(full.status, .refunded)
        XCTAssertEqual(full.refundedAmount, Money(minorUnits: 4485, currency: .eur))
        let last = try await provider.fetchStatus(of: after)
        XCTAssertEqual(last.status, .refunded)
        XCTAssertEqual(last.refundedAmount, Money(minorUnits: 4485, currency: .eur))

        let cancelBodies = sender.requests.filter { $0.url.hasSuffix("/cancel") }.map { String(decoding: $0.body, as: UTF8.self) }
        XCTAssertEqual(cancelBodies, [#"{"reduce_amount_by":1000,"reason":"Order 123: pen returned"}"#, "{}"])
    }

    func testARetriedRefundWhoseFirstCallWentThroughIsNotSentAgain() async throws {
        let provider = makeProvider()
        let (checkout, _) = try await approvedCheckout(provider)
        let request = OperationRequest(kind: .refund, amount: Money(minorUnits: 1000, currency: .eur))
        _ = try await provider.refund(checkout, request)
        // The first answer was lost: Kassa still has nothing refunded and retries with the same id.
        var retry = request
        retry.isRetry = true
        let again = try await provider.refund(checkout, retry)
        XCTAssertEqual(again.status.status, .partiallyRefunded)
        XCTAssertEqual(again.status.refundedAmount, Money(minorUnits: 1000, currency: .eur))
        XCTAssertEqual(sender.requests.filter { $0.url.hasSuffix("/cancel") }.count, 1, "one refund at secuconnect")
        let polled = try await provider.fetchStatus(of: checkout)
        XCTAssertEqual(polled.refundedAmount, Money(minorUnits: 1000, currency: .eur))
    }

    func testARetriedRefundWhoseFirstCallNeverArrivedIsSent() async throws {
        let provider = makeProvider()
        let (checkout, _) = try await approvedCheckout(provider)
        let retry = OperationRequest(kind: .refund, amount: Money(minorUnits: 1000, currency: .eur), isRetry: true)
        let refunded = try await provider.refund(checkout, retry)
        XCTAssertEqual(refunded.status.status, .partiallyRefunded)
        XCTAssertEqual(sender.requests.filter { $0.url.hasSuffix("/cancel") }.count, 1)
    }

    func testRefundFindsThePaymentTransactionWhenNotKeptYet() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request()
        let created = try await provider.createCheckout(request)
        _ = try pressOnHostedPage(created.providerReference ?? "none", "approve")
        let refunded = try await provider.refund(Self.checkout(for: request, created, status: .paid), amount: nil, reason: nil)
        XCTAssertEqual(refunded.status, .refunded)
    }

    func testAReasonOutsideThePatternIsRefusedBeforeSending() async throws {
        let provider = makeProvider()
        let (checkout, _) = try await approvedCheckout(provider)
        let before = sender.requests.count
        for reason in ["Rückgabe", "a;b", String(repeating: "x", count: 101), "line\nbreak"] {
            let error = await providerError { try await provider.refund(checkout, amount: nil, reason: reason) }
            XCTAssertEqual(error?.isInvalidRequest, true, reason)
            XCTAssertEqual(error?.field, "reason", reason)
        }
        XCTAssertEqual(sender.requests.count, before)
        let tooMuch = await providerError { try await provider.refund(checkout, amount: Money(minorUnits: 4486, currency: .eur), reason: nil) }
        XCTAssertEqual(tooMuch?.field, "amount")
    }

    func testASecondRefusalOfTheSameRefundIsRejectedWithTheProvidersCode() async throws {
        let provider = makeProvider()
        let (checkout, _) = try await approvedCheckout(provider)
        _ = try await provider.refund(checkout, amount: nil, reason: nil)
        // Kassa's copy is stale on purpose: the provider refuses a refund of nothing left.
        let error = await providerError { try await provider.refund(checkout, amount: nil, reason: nil) }
        XCTAssertEqual(error?.isRejected, true, "\(String(describing: error))")
        XCTAssertEqual(error?.httpStatus, 409)
        XCTAssertEqual(error?.providerCode, "1003")
        XCTAssertNotNil(error?.supportID)
    }

    func testATimeoutAfterSendingTheCreationIsOutcomeUnknownAndNotRetried() async throws {
        let provider = makeProvider(fault: "timeout", timeouts: OutboundTimeouts(total: .milliseconds(800), connect: .seconds(2)))
        let error = await providerError { try await provider.createCheckout(Self.seed002Request()) }
        XCTAssertEqual(error?.isOutcomeUnknown, true, "\(String(describing: error))")
        XCTAssertEqual(error?.isRejected, false)
        // The simulator applied it: exactly one Smart Transaction, one POST.
        XCTAssertEqual(simulator.transactionCount, 1)
        XCTAssertEqual(sender.count(pathSuffix: "/api/v2/Smart/Transactions"), 1)
    }

    func testAn503IsRejectedWithTheProvidersCodeAndSupportID() async throws {
        let provider = makeProvider(fault: "status=503")
        let error = await providerError { try await provider.createCheckout(Self.seed002Request()) }
        XCTAssertEqual(error?.isRejected, true, "\(String(describing: error))")
        XCTAssertEqual(error?.httpStatus, 503)
        XCTAssertEqual(error?.providerCode, "1000")
        XCTAssertEqual(error?.supportID?.isEmpty, false)
        XCTAssertEqual(error?.detail.contains("Injected fault"), true, error?.detail ?? "")
        XCTAssertEqual(sender.count(pathSuffix: "/api/v2/Smart/Transactions"), 1)
    }

    func testAnExpiredTokenIsFetchedAgainOnceAndTheCallSucceeds() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request()
        let created = try await provider.createCheckout(request)
        clock.advance(seconds: 1201)
        let status = try await provider.fetchStatus(of: Self.checkout(for: request, created))
        XCTAssertEqual(status.status, .pending)
        XCTAssertEqual(sender.count(pathSuffix: "/oauth/token"), 2)
        XCTAssertEqual(sender.count(pathSuffix: "/Smart/Transactions/\(created.providerReference ?? "none")"), 2)
    }

    func testAWrongClientSecretIsAConfigurationErrorWithoutTheSecret() async throws {
        let secret = "0000456441636938321687549172178382320163695870914358804052148567"
        let provider = makeProvider(clientSecret: secret)
        let error = await providerError { try await provider.createCheckout(Self.seed002Request()) }
        XCTAssertEqual(error?.isConfiguration, true, "\(String(describing: error))")
        XCTAssertEqual(error?.description.contains(secret), false)
        XCTAssertFalse(provider.configuration.description.contains(secret))
        XCTAssertEqual(simulator.transactionCount, 0)
    }

    func testAnUnreachableBaseURLIsNotSent() async throws {
        var configuration = configuration()
        configuration.baseURL = "http://127.0.0.1:1"
        let provider = SecuconnectProvider(configuration: configuration, client: outbound)
        let error = await providerError { try await provider.createCheckout(Self.seed002Request()) }
        XCTAssertEqual(error?.isNotSent, true, "\(String(describing: error))")
    }

    func testAnUnknownSmartTransactionIsRejectedWith404() async throws {
        let provider = makeProvider()
        let request = Self.seed002Request()
        let created = ProviderCheckout(providerReference: "STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ", providerStatus: "created",
                                       status: .pending, nextAction: .redirect(url: "https://example.com"))
        let error = await providerError { try await provider.fetchStatus(of: Self.checkout(for: request, created)) }
        XCTAssertEqual(error?.httpStatus, 404)
        XCTAssertEqual(error?.providerCode, "1002")
    }
}
