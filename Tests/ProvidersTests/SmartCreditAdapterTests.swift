import JSON
import Outbound
import Payments
@testable import Providers
import XCTest

/// The SmartCredit adapter's pure parts: the phone pattern, telling the initialize answer's URL
/// from its page, the status table, the decimals of the `Application`, the SG Connect token
/// request, the error bodies. The wire against the simulator is in SmartCreditFlowTests.
final class SmartCreditAdapterTests: XCTestCase {
    func testPhonePatternOfSpec110() {
        for good in ["+33 6 12 34 56 78", "+491701234567", "+1234567", "+123456789012345", "+1 2 3 4 5 6 7"] {
            XCTAssertTrue(SmartCreditApplication.isPhoneNumber(good), good)
        }
        for bad in ["", "+", "0612345678", "+123456", "+1234567890123456", "+33 6  12 34 56", "+33 6 12 34 56 78 ", " +33612345678",
                    "+33-612345678", "+33 6 12 34 56 7８", "++33612345678"] {
            XCTAssertFalse(SmartCreditApplication.isPhoneNumber(bad), bad)
        }
    }

    func testTheInitializeAnswerIsAURLOrAPageAndNothingElse() throws {
        let url = "https://app-b2cproxy-socgenepos-uat.azurewebsites.net/hblo?auxiliaryDataId=ab12&culture=de-DE"
        XCTAssertEqual(try SmartCreditInitializeAnswer(body: Array("\(url)\r\n".utf8)), .redirect(url: url))
        let page = "<!DOCTYPE html>\n<html><body><form action=\"https://frf.example/x\"></form></body></html>\n"
        XCTAssertEqual(try SmartCreditInitializeAnswer(body: Array(page.utf8)), .page(html: page))
        XCTAssertEqual(try SmartCreditInitializeAnswer(body: Array("<!-- launch -->\n<html><body></body></html>".utf8)),
                       .page(html: "<!-- launch -->\n<html><body></body></html>"))
        for other in ["", "OK", "javascript:alert(1)", "https://", "https://a.example/ b", "https://user@evil.example/",
                      "ftp://files.example/x", "https://a.example/\nhttps://b.example/", "<p>hello</p>", "<html><body>",
                      #"{"url":"https://a.example"}"#] {
            XCTAssertThrowsError(try SmartCreditInitializeAnswer(body: Array(other.utf8)), other) { error in
                XCTAssertEqual((error as? ProviderError)?.shortDescription, "provider_invalid_response", other)
            }
        }
        XCTAssertThrowsError(try SmartCreditInitializeAnswer(body: [0xFF, 0xFE]))
        let huge = "<html><body>" + String(repeating: "x", count: SmartCreditInitializeAnswer.maximumPageBytes) + "</body></html>"
        XCTAssertThrowsError(try SmartCreditInitializeAnswer(body: Array(huge.utf8)))
    }

    func testStatusTable() {
        let expected: [(String, Checkout.Status, String)] = [
            ("INITIALIZED", .pending, "not_yet"), ("PRE-ACCEPTED", .authorized, "hold_until_manual_release"),
            ("KYC-SUCCESSFUL", .authorized, "not_yet"), ("KYC SUCCESSFUL", .authorized, "not_yet"),
            ("ACCEPTED", .paid, "allowed"), ("REJECTED", .failed, "no"), ("ABORTED", .failed, "no"),
            ("CANCELLED", .canceled, "no"), ("REIMBURSED", .refunded, "no"),
        ]
        for (status, unified, shipping) in expected {
            let mapping = SmartCreditProvider.mapping(ofApplicationStatus: status)
            XCTAssertEqual(mapping?.status, unified, status)
            XCTAssertEqual(mapping?.shipping, shipping, status)
        }
        XCTAssertNil(SmartCreditProvider.mapping(ofApplicationStatus: "accepted"))
        XCTAssertNil(SmartCreditProvider.mapping(ofApplicationStatus: "PENDING"))
    }

    func testApplicationDetailsOfSearchAndGetAndTheirNotice() throws {
        let search = #"[{"articles":[{"applicationId":"a1","orderId":"o1","status":"PRE-ACCEPTED","paymentProvider":"HB","paymentMean":"REVOLVINGPOS"}]}]"#
        let found = try SmartCreditApplicationDetails.list(body: Array(search.utf8))
        XCTAssertEqual(found.map(\.applicationID), ["a1"])
        let status = try found[0].providerStatus()
        XCTAssertEqual(status.status, .authorized)
        XCTAssertEqual(status.data["application_id"], "a1")
        XCTAssertEqual(status.notices.map(\.type), ["smartcredit.manual_release_required"])
        let get = #"{"reference":"a2","orderId":"o2","status":"KYC SUCCESSFUL"}"#
        XCTAssertEqual(try SmartCreditApplicationDetails.list(body: Array(get.utf8)).map(\.applicationID), ["a2"], "1.0.0 names the id reference")
        XCTAssertEqual(try SmartCreditApplicationDetails.list(body: Array(#"[{"articles":[]}]"#.utf8)), [])
        XCTAssertThrowsError(try SmartCreditApplicationDetails.list(body: Array(#"[{"articles":[{"orderId":"o"}]}]"#.utf8)))
        XCTAssertThrowsError(try SmartCreditApplicationDetails(JSONValue.parse(Array(#"{"applicationId":"a","status":"NEW"}"#.utf8)))!.providerStatus())
    }

    func testAmountsAreDecimalsWrittenFromMinorUnits() throws {
        let request = ProviderCheckoutRequest(
            checkoutID: CheckoutID("chk_1"), method: "REVOLVINGPOS",
            order: .init(reference: "o-1", amount: Money(minorUnits: 100_005, currency: Currency(code: "EUR")!), description: nil,
                         items: [.init(reference: "sku-1", name: "Sofa", quantity: 1, unitAmount: 99_999, taxRate: .zero, kind: .article),
                                 .init(reference: "sku-2", name: "Cushion", quantity: 2, unitAmount: 3, taxRate: .zero, kind: .article)]),
            customer: .init(email: "a@example.de", firstName: "A", lastName: "B", phone: "+49 170 1234567", civility: "Ms",
                            address: .init(street: "Weg", streetNumber: "5", postalCode: "10115", city: "Berlin", country: "DE")),
            returnURLs: .init(success: "http://127.0.0.1/r?outcome=success", failure: "f", cancel: "c"), notificationURL: "", locale: nil)
        guard case .success(let body) = SmartCreditApplication.make(request) else { return XCTFail("refused") }
        XCTAssertEqual(body["amount"]?.numberValue?.literal, "1000.05")
        XCTAssertEqual(body["paymentMean"]?.stringValue, "REVOLVINGPOS")
        XCTAssertEqual(body["orderId"]?.stringValue, "o-1")
        XCTAssertEqual(body["normalReturnUrl"]?.stringValue, "http://127.0.0.1/r?outcome=success")
        XCTAssertEqual(body["customerContact"]?["title"]?.stringValue, "Mrs.")
        XCTAssertEqual(body["customerAddress"]?["street"]?.stringValue, "Weg 5")
        XCTAssertNil(body["billingAddress"], "only FranFinance means require billing and delivery")
        let cart = try XCTUnwrap(body["shoppingCartDetail"])
        XCTAssertEqual(cart["mainProduct"]?.stringValue, "Sofa")
        XCTAssertEqual(cart["SKU"]?.stringValue, "sku-1")
        XCTAssertEqual(cart["shoppingCartTotalAmount"]?.numberValue?.literal, "1000.05")
        XCTAssertEqual(cart["shoppingCartTotalQuantity"]?.int64Value, 3)
        XCTAssertEqual(cart["shoppingCartItemList"]?.arrayValue?.compactMap { $0["productUnitAmount"]?.numberValue?.literal }, ["999.99", "0.03"])
    }

    func testSGConnectTokenRequestOfSeed000() {
        let endpoint = TokenEndpoint.sgConnect(tokenURL: "https://sso.sgmarkets.com/sgconnect/oauth2/access_token", clientID: "myclientid",
                                               clientSecret: "myclientsecret", scope: "fooscope barscope", clientCertificate: nil,
                                               timeouts: .init())
        XCTAssertTrue(endpoint.description.contains("access_token?grant_type=client_credentials&scope=fooscope+barscope"), endpoint.description)
        XCTAssertFalse(endpoint.description.contains("myclientsecret"))
        let mtls = TokenEndpoint.sgConnect(tokenURL: "https://sso.example/t", clientID: "id 1", clientSecret: "", scope: "openid",
                                           clientCertificate: OutboundTLS(certificatePath: "/c.pem", privateKeyPath: "/k.pem"), timeouts: .init())
        XCTAssertTrue(mtls.description.hasSuffix("?grant_type=client_credentials&scope=openid&client_id=id+1)"), mtls.description)
    }

    func testErrorBodiesBecomePreciseErrors() {
        func error(_ status: Int, _ body: String) -> ProviderError {
            SmartCreditProvider.rejection(OutboundResponse(status: status, body: Array(body.utf8)), orderID: "o-9", secrets: ["s3cr3t-value"])
        }
        let duplicate = error(400, #"{"detail":[{"error":"invalid_orderId","message":"Order Id: o-9 already exist"}]}"#)
        XCTAssertTrue(duplicate.isInvalidRequest)
        XCTAssertEqual(duplicate.field, "order.reference")
        XCTAssertTrue(duplicate.detail.contains("already exist"), duplicate.detail)
        XCTAssertEqual(error(400, #"{"detail":[{"error":"invalid_payment_mean","message":"bad"}]}"#).field, "method")
        let input = error(400, #"{"detail":[{"error":"invalid_input_data","message":"customerContact.email s3cr3t-value"}]}"#)
        XCTAssertTrue(input.isRejected)
        XCTAssertEqual(input.providerCode, "invalid_input_data")
        XCTAssertFalse(input.detail.contains("s3cr3t-value"))
        let missing = error(404, #"{"errorCode":404,"message":"Application not found"}"#)
        XCTAssertEqual(missing.providerCode, "404")
        XCTAssertEqual(missing.httpStatus, 404)
        XCTAssertEqual(error(502, "<html>Bad gateway</html>").shortDescription, "provider_invalid_response")
    }
}
