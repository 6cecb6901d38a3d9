import Foundation
import JSON
import Outbound
import Payments
@testable import Providers
import XCTest

/// The adapter's pure parts: the wire body against the seeds, the status table, pushes,
/// error bodies, the reason rule, and the check of the provider's amount echo.
final class SecuconnectWireTests: XCTestCase {
    private func configuration(isDemo: Bool = true) -> SecuconnectProvider.Configuration {
        SecuconnectProvider.Configuration(baseURL: "https://connect-testing.secuconnect.com", clientID: SecuconnectTestCase.seedClientID,
                                          clientSecret: SecuconnectTestCase.seedClientSecret, contractID: SecuconnectTestCase.seedContractID,
                                          isDemo: isDemo, checkoutTemplate: SecuconnectTestCase.seedTemplate)
    }

    func testSeed002OrderGivesTheSeedsRequestBody() throws {
        let request = SecuconnectTestCase.seed002Request()
        let body = try SecuconnectProvider.makeSmartTransactionBody(request, configuration: configuration())
        guard case .object(var expected) = try JSONValue.parse(SecuconnectSeeds.createRequest002) else { return XCTFail() }
        // What Kassa's model does not carry (ProviderCheckoutRequest has no mobile number and
        // no additional address line), and what Kassa adds: the currency (seed 004 sends it),
        // its own return URLs and the push URL.
        guard case .object(var customer) = expected["customer"], case .object(var contact) = customer["contact"],
              case .object(var address) = contact["address"] else { return XCTFail() }
        contact["mobile"] = nil
        address["additional_address_data"] = nil
        contact["address"] = .object(address)
        customer["contact"] = .object(contact)
        expected["customer"] = .object(customer)
        expected["basket_info"] = ["sum": 4485, "currency": "EUR"]
        expected["application_context"] = [
            "checkout_template": .string(SecuconnectTestCase.seedTemplate),
            "return_urls": [
                "url_success": .string(request.returnURLs.success),
                "url_error": .string(request.returnURLs.failure),
                "url_abort": .string(request.returnURLs.cancel),
                "url_push": .string(request.notificationURL),
            ],
        ]
        XCTAssertEqual(body, .object(expected), "\n\(body.serializedString())\n\(JSONValue.object(expected).serializedString())")
        // Seed 002's member order, so that a reader can hold it beside the seed.
        XCTAssertEqual(body.objectValue?.keys, ["is_demo", "contract", "customer", "intent", "basket", "basket_info",
                                                "application_context", "payment_context"])
    }

    func testSeed004OrderGivesTheSeedsRequestBody() throws {
        let customer = ProviderCheckoutRequest.Customer(
            email: "max@example.net", firstName: "Max", lastName: "Mustermann",
            address: .init(street: "Musterstr.", streetNumber: "55", postalCode: "09123", city: "Musterstadt", country: "DE"))
        let request = ProviderCheckoutRequest(
            checkoutID: .generate(), method: nil,
            order: .init(reference: "o", amount: Money(minorUnits: 500, currency: .eur), description: nil, items: []),
            customer: customer, returnURLs: .init(success: "https://k/s", failure: "https://k/f", cancel: "https://k/c"),
            notificationURL: "", locale: "de-DE")
        var body = try XCTUnwrap(try SecuconnectProvider.makeSmartTransactionBody(request, configuration: configuration()).objectValue)
        // Seed 004 sends neither return URLs nor a payment_context; everything else is equal.
        XCTAssertEqual(body["payment_context"], ["auto_capture": true])
        body["payment_context"] = nil
        var application = try XCTUnwrap(body["application_context"]?.objectValue)
        XCTAssertEqual(application["return_urls"], ["url_success": "https://k/s", "url_error": "https://k/f", "url_abort": "https://k/c"])
        application["return_urls"] = nil
        body["application_context"] = .object(application)
        XCTAssertEqual(JSONValue.object(body), try JSONValue.parse(SecuconnectSeeds.createRequest004))
    }

    func testMethodLanguageAndAutoCaptureGoToTheirContexts() throws {
        var configuration = configuration(isDemo: false)
        configuration.autoCapture = false
        let body = try SecuconnectProvider.makeSmartTransactionBody(SecuconnectTestCase.seed002Request(method: "creditcard", locale: "en-GB"),
                                                                    configuration: configuration)
        XCTAssertEqual(body["is_demo"], false)
        XCTAssertEqual(body["payment_context"], ["auto_capture": false, "payment_methods": ["creditcard"]])
        XCTAssertEqual(body["application_context"]?["language"], "en")
        XCTAssertEqual(SecuconnectProvider.language(of: "de"), "de")
        XCTAssertEqual(SecuconnectProvider.language(of: "de_AT"), "de")
        XCTAssertNil(SecuconnectProvider.language(of: "fr-FR"))
        XCTAssertNil(SecuconnectProvider.language(of: nil))
    }

    func testShippingItemsAreTypedAndTheBasketMustAddUp() throws {
        var request = SecuconnectTestCase.seed002Request()
        request.order.items.append(.init(reference: "s", name: "Shipping", quantity: 1, unitAmount: 495, taxRate: 19, kind: .shipping))
        XCTAssertThrowsError(try SecuconnectProvider.makeSmartTransactionBody(request, configuration: configuration())) { error in
            XCTAssertEqual((error as? ProviderError)?.field, "order.items")
        }
        request.order.amount = Money(minorUnits: 4980, currency: .eur)
        let body = try SecuconnectProvider.makeSmartTransactionBody(request, configuration: configuration())
        XCTAssertEqual(body["basket"]?["products"]?[3]?["item_type"], "shipping")
        XCTAssertNil(body["basket"]?["products"]?[0]?["item_type"])
        XCTAssertEqual(body["basket_info"]?["sum"], 4980)
    }

    /// Seed 002 sends `"tax": 19`; a rate with decimals goes as the same JSON number with its
    /// decimals, written from hundredths (never a float's 8.0999…).
    func testTaxRatesWithDecimalsAreSentAsExactNumbers() throws {
        var request = SecuconnectTestCase.seed002Request()
        request.order.items[0].taxRate = try XCTUnwrap(TaxRate(decimal: "5.5"))
        request.order.items[1].taxRate = try XCTUnwrap(TaxRate(decimal: "8.10"))
        let body = try SecuconnectProvider.makeSmartTransactionBody(request, configuration: configuration())
        let text = body.serializedString()
        XCTAssertTrue(text.contains(#""tax":5.5,"#), text)
        XCTAssertTrue(text.contains(#""tax":8.1,"#), text)
        XCTAssertTrue(text.contains(#""tax":19,"#), text)
    }

    /// `capture_method` chooses `payment_context.auto_capture` per Smart Transaction; without
    /// it the account's setting applies.
    func testTheCaptureMethodChoosesAutoCapture() throws {
        var request = SecuconnectTestCase.seed002Request()
        let automatic = configuration()  // the account captures automatically by default
        XCTAssertEqual(try SecuconnectProvider.makeSmartTransactionBody(request, configuration: automatic)["payment_context"]?["auto_capture"], true)
        request.captureMethod = .manual
        XCTAssertEqual(try SecuconnectProvider.makeSmartTransactionBody(request, configuration: automatic)["payment_context"]?["auto_capture"], false)
        var manualAccount = automatic
        manualAccount.autoCapture = false
        request.captureMethod = .automatic
        XCTAssertEqual(try SecuconnectProvider.makeSmartTransactionBody(request, configuration: manualAccount)["payment_context"]?["auto_capture"], true)
    }

    func testTheStatusTableCoversEveryDocumentedStatus() {
        let documented = ["created", "processing", "approved", "pending", "ok", "received", "shipped", "collection", "collected", "failed"]
        XCTAssertEqual(SecuconnectProvider.statusTable.map(\.providerStatus), documented)
        let expected: [Checkout.Status] = [.pending, .pending, .authorized, .pending, .paid, .paid, .paid, .paid, .paid, .failed]
        XCTAssertEqual(documented.map { SecuconnectProvider.unifiedStatus(ofSmartTransactionStatus: $0) }, expected)
        XCTAssertNil(SecuconnectProvider.unifiedStatus(ofSmartTransactionStatus: "OK"))
        XCTAssertNil(SecuconnectProvider.unifiedStatus(ofSmartTransactionStatus: "refunded"))
    }

    func testAnUndocumentedStatusIsAnInvalidResponse() throws {
        let answer = try SmartTransactionResponse(body: Array(#"{"id":"STX_A","status":"weird","basket_info":{"sum":1,"currency":"EUR"}}"#.utf8))
        XCTAssertThrowsError(try answer.unifiedStatus()) { error in
            XCTAssertEqual((error as? ProviderError)?.shortDescription, "provider_invalid_response")
        }
    }

    func testThePaymentTransactionRefinesTheStatus() {
        XCTAssertEqual(SecuconnectProvider.refinedStatus(.failed, paymentStatusSimple: 5), .canceled)
        XCTAssertEqual(SecuconnectProvider.refinedStatus(.failed, paymentStatusSimple: 3), .failed)
        XCTAssertEqual(SecuconnectProvider.refinedStatus(.paid, paymentStatusSimple: 7), .refunded)
        XCTAssertEqual(SecuconnectProvider.refinedStatus(.paid, paymentStatusSimple: 9), .paid)
        XCTAssertEqual(SecuconnectProvider.refinedStatus(.authorized, paymentStatusSimple: nil), .authorized)
    }

    func testSeed002SampleResponseWithItsOtherSumIsAnInvalidResponse() async throws {
        // seeds/README.md: seed 002 sends 4485 but its sample answer says 4985.
        let sender = CannedSender(answers: [
            ("/oauth/token", OutboundResponse(status: 200, body: Array(SecuconnectSeeds.oauthResponse.utf8))),
            ("/api/v2/Smart/Transactions", OutboundResponse(status: 200, body: Array(SecuconnectSeeds.createResponse002Elided.utf8))),
        ])
        let provider = SecuconnectProvider(configuration: configuration(), client: sender)
        do {
            _ = try await provider.createCheckout(SecuconnectTestCase.seed002Request())
            XCTFail("a 4985 echo of a 4485 order must not be accepted")
        } catch {
            XCTAssertEqual(error.shortDescription, "provider_invalid_response")
            XCTAssertTrue(error.detail.contains("4985"), error.detail)
            XCTAssertTrue(error.detail.contains("STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ"), error.detail)
        }
    }

    func testTheSeedSampleResponseIsReadWhenTheSumMatches() async throws {
        let body = SecuconnectSeeds.createResponse002Elided.replacingOccurrences(of: "4985", with: "4485")
        let sender = CannedSender(answers: [
            ("/oauth/token", OutboundResponse(status: 200, body: Array(SecuconnectSeeds.oauthResponse.utf8))),
            ("/api/v2/Smart/Transactions", OutboundResponse(status: 200, body: Array(body.utf8))),
        ])
        let provider = SecuconnectProvider(configuration: configuration(), client: sender)
        let created = try await provider.createCheckout(SecuconnectTestCase.seed002Request(method: "sofort"))
        XCTAssertEqual(created.providerReference, "STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ")
        XCTAssertEqual(created.nextAction, .redirect(url: "https://pay.secupay.com?payment-method=sofort&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"))
    }

    func testSeed002ReadAnswerGivesThePaymentTransactionID() throws {
        let answer = try SmartTransactionResponse(body: Array(SecuconnectSeeds.readResponse002Elided.utf8))
        XCTAssertEqual(answer.status, "pending")
        XCTAssertEqual(answer.paymentTransactionID, "PCI_MVFGGPZR5CADLVRAJVB05QBN3CO90O")
        XCTAssertEqual(answer.data["trans_id"], "110099700")
        XCTAssertEqual(answer.data["payment_method"], "prepaid")
    }

    func testTheDocumentedErrorBodyKeepsCodeAndSupportIDButNoSecret() {
        let secret = SecuconnectTestCase.seedClientSecret
        let body = #"{"status":"error","error":"ProductNotAllowedException","error_details":"bad client_secret \#(secret) for card 4111111111111111","error_user":"x","code":2003,"supportId":"abc123"}"#
        let error = SecuconnectProvider.rejection(OutboundResponse(status: 403, body: Array(body.utf8)), secrets: [secret])
        XCTAssertTrue(error.isRejected)
        XCTAssertEqual(error.httpStatus, 403)
        XCTAssertEqual(error.providerCode, "2003")
        XCTAssertEqual(error.supportID, "abc123")
        XCTAssertFalse(error.detail.contains(secret), error.detail)
        XCTAssertFalse(error.detail.contains("4111111111111111"), error.detail)
        XCTAssertTrue(error.detail.contains("411111******1111"), error.detail)
        XCTAssertTrue(error.detail.contains("ProductNotAllowedException"), error.detail)

        let html = SecuconnectProvider.rejection(OutboundResponse(status: 502, body: Array("<html>bad gateway</html>".utf8)), secrets: [])
        XCTAssertEqual(html.shortDescription, "provider_invalid_response")
        XCTAssertTrue(html.isOutcomeUnknown)
    }

    func testOnly403WithCode2003Or401CountsAsARefusedToken() {
        func response(_ status: Int, _ code: Int) -> OutboundResponse {
            OutboundResponse(status: status, body: Array(#"{"status":"error","code":\#(code)}"#.utf8))
        }
        XCTAssertTrue(SecuconnectProvider.isTokenRejected(response(403, 2003)))
        XCTAssertTrue(SecuconnectProvider.isTokenRejected(response(401, 2003)))
        XCTAssertFalse(SecuconnectProvider.isTokenRejected(response(403, 1003)))
        XCTAssertFalse(SecuconnectProvider.isTokenRejected(response(409, 2003)))
    }

    func testTransportFailuresKeepNotSentApartFromOutcomeUnknown() {
        XCTAssertTrue(SecuconnectProvider.transportError(OutboundError.couldNotConnect).isNotSent)
        XCTAssertTrue(SecuconnectProvider.transportError(OutboundError.timedOutBeforeSend).isNotSent)
        XCTAssertEqual(SecuconnectProvider.transportError(OutboundError.timedOutAfterSend).shortDescription, "provider_outcome_unknown")
        XCTAssertEqual(SecuconnectProvider.transportError(OutboundError.connectionLostAfterSend).shortDescription, "provider_outcome_unknown")
    }

    func testTheReasonPattern() {
        for reason in ["", "Order 123: returned (damaged) - 2/3, +1 ?", "O'Brien", String(repeating: "a", count: 100)] {
            XCTAssertTrue(SecuconnectProvider.isValidReason(reason), reason)
        }
        for reason in ["ä", "a;b", "a_b", "a\"b", String(repeating: "a", count: 101), "tab\t"] {
            XCTAssertFalse(SecuconnectProvider.isValidReason(reason), reason)
        }
    }

    func testPushBodiesYieldTheirPaymentTransactionIDs() {
        let push = #"{"object":"event.pushes","id":"evt_1","created":"2020-02-04T15:34:56+01:00","target":"payment.transactions","type":"changed","data":[{"object":"payment.transactions","id":"PCI_MVFGGPZR5CADLVRAJVB05QBN3CO90O"},{"object":"payment.transactions","id":"PCI_MVFGGPZR5CADLVRAJVB05QBN3CO90O"},{"object":"payment.transactions","id":"PCI_../../x"}]}"#
        XCTAssertEqual(SecuconnectProvider.paymentTransactionIDs(inPush: Array(push.utf8)), ["PCI_MVFGGPZR5CADLVRAJVB05QBN3CO90O"])
        let subscription = push.replacingOccurrences(of: #""target":"payment.transactions""#, with: #""target":"payment.subscriptions""#)
        XCTAssertEqual(SecuconnectProvider.paymentTransactionIDs(inPush: Array(subscription.utf8)), [])
        XCTAssertEqual(SecuconnectProvider.paymentTransactionIDs(inPush: Array("not json".utf8)), [])
        XCTAssertEqual(SecuconnectProvider.paymentTransactionIDs(inPush: []), [])
    }

    func testTheConfigurationNeverPrintsTheSecret() {
        let configuration = configuration()
        XCTAssertFalse(configuration.description.contains(SecuconnectTestCase.seedClientSecret))
        XCTAssertFalse(String(reflecting: configuration).contains(SecuconnectTestCase.seedClientSecret))
        var dumped = ""
        dump(configuration, to: &dumped)
        XCTAssertFalse(dumped.contains(SecuconnectTestCase.seedClientSecret))
    }
}
