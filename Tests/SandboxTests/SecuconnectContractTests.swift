import Foundation
import XCTest

/// The seeds' sample requests, sent verbatim over a socket, answer the seeds' response shapes.
final class SecuconnectContractTests: SimulatorTestCase {
    func testShapeComparisonTellsBooleansFromNumbers() throws {
        XCTAssertEqual(SeedJSON.kind(try XCTUnwrap(SeedJSON.parse("true"))), "bool")
        XCTAssertEqual(SeedJSON.kind(try XCTUnwrap(SeedJSON.parse("1"))), "number")
        XCTAssertEqual(SeedJSON.kind(try XCTUnwrap(SeedJSON.parseElided("{\"a\": [1,\n...\n], \"b\": null}"))), "object")
    }

    func testSeed004TokenRequestAnswersTheSeedsTokenResponse() throws {
        let reply = try harness.request("POST", "/oauth/token", body: SeedFixtures.oauthRequest004)
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.header("Content-Type"), "application/json")
        let body = try harness.json(reply)
        SeedJSON.assertSameShape(try XCTUnwrap(SeedJSON.parse(SeedFixtures.oauthResponse004)), body)
        XCTAssertEqual(body["expires_in"] as? Int, 1200)
        XCTAssertEqual(body["token_type"] as? String, "bearer")
        XCTAssertEqual(body["scope"] as? String, "https://scope.secucard.com/e/api")
        XCTAssertNotNil((body["access_token"] as? String)?.range(of: "^[a-z0-9]{26}$", options: .regularExpression))
    }

    func testSeed002TokenRequestIsAcceptedVerbatim() throws {
        let reply = try harness.request("POST", "/oauth/token", body: SeedFixtures.oauthRequest002)
        XCTAssertEqual(reply.status, 200, reply.text)
    }

    func testSeed004CreateRequestAnswersTheSeedsResponseShape() throws {
        let body = try harness.create(SeedFixtures.createRequest004, token: try harness.token())
        // The seed's response has a `salutation` ("Herr") the request never sent.
        SeedJSON.assertSameShape(try XCTUnwrap(SeedJSON.parse(SeedFixtures.createResponse004)), body,
                                 ignoring: ["$.customer.contact.salutation"])
        XCTAssertEqual(body["status"] as? String, "created")
        XCTAssertEqual(body["object"] as? String, "smart.transactions")
        XCTAssertEqual((body["transactions"] as? [Any])?.count, 0)
        XCTAssertEqual((body["basket_info"] as? [String: Any])?["sum"] as? Int, 500)
        let contact = try XCTUnwrap((body["customer"] as? [String: Any])?["contact"] as? [String: Any])
        XCTAssertEqual(contact["name"] as? String, "Max Mustermann")
        XCTAssertEqual(contact["email"] as? String, "max@example.net")
        let id = try XCTUnwrap(body["id"] as? String)
        let general = try XCTUnwrap((body["payment_links"] as? [String: Any])?["general"] as? String)
        XCTAssertEqual(general, "http://127.0.0.1:8080/sandbox/secuconnect/pay?stx=\(id)&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing")
        let card = try XCTUnwrap((body["payment_links"] as? [String: Any])?["creditcard"] as? String)
        XCTAssertTrue(card.contains("?payment-method=creditcard&stx=\(id)&"), card)
    }

    func testSeed002CreateRequestAnswersTheSeedsResponseShape() throws {
        let body = try harness.create(SeedFixtures.createRequest002, token: try harness.token())
        SeedJSON.assertSameShape(try XCTUnwrap(SeedJSON.parseElided(SeedFixtures.createResponse002)), body)
        // seeds/README.md: the request's sum 4485 includes the coupon; the simulator echoes it.
        let info = try XCTUnwrap(body["basket_info"] as? [String: Any])
        XCTAssertEqual(info["sum"] as? Int, 4485)
        XCTAssertEqual(info["currency"] as? String, "EUR")
        let products = try XCTUnwrap((body["basket"] as? [String: Any])?["products"] as? [[String: Any]])
        XCTAssertEqual(products.map { $0["item_type"] as? String }, ["article", "article", "coupon"])
        XCTAssertEqual(products.map { $0["id"] as? Int }, [0, 1, 2])
        let urls = try XCTUnwrap((body["application_context"] as? [String: Any])?["return_urls"] as? [String: String])
        XCTAssertEqual(urls["url_success"], "https://shop.example.com/SUCCEESS")
        XCTAssertEqual((body["payment_context"] as? [String: Any])?["auto_capture"] as? Bool, true)
    }

    func testReadAfterCheckoutAnswersTheSeedsReadShape() throws {
        let token = try harness.token()
        let created = try harness.create(SeedFixtures.createRequest002, token: token)
        let id = try XCTUnwrap(created["id"] as? String)
        XCTAssertEqual(try harness.checkout(id, "approve", method: "prepaid").status, 303)
        let body = try harness.read(id, token: token)
        // `payment_instructions` are the bank details of a prepaid payment; not simulated.
        SeedJSON.assertSameShape(try XCTUnwrap(SeedJSON.parseElided(SeedFixtures.readResponse002)), body,
                                 ignoring: ["$.payment_instructions"])
        let transactions = try XCTUnwrap(body["transactions"] as? [[String: Any]])
        XCTAssertEqual(transactions.count, 1)
        XCTAssertEqual(transactions[0]["object"] as? String, "payment.transactions")
        XCTAssertNotNil((transactions[0]["id"] as? String)?.range(of: "^PCI_[A-Z0-9]{30}$", options: .regularExpression))
        XCTAssertEqual(body["payment_method"] as? String, "prepaid")
        XCTAssertEqual(body["status"] as? String, "ok")
        XCTAssertEqual(body["trans_id"] as? Int, transactions[0]["trans_id"] as? Int)
    }
}
