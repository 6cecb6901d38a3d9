import Foundation
import KassaTestSupport
import XCTest

/// Seed 001's examples, sent verbatim with the sandbox credentials, get the documented answers.
final class SmartPayContractTests: SmartPayTestCase {
    func testSeedCreateCheckoutGetsTheDocumentedResponse() throws {
        let reply = try harness.request("POST", "/payment/creation", body: SmartPaySeedFixtures.createRequest)
        XCTAssertEqual(reply.status, 200, reply.text)
        let body = try harness.json(reply)
        let sample = try XCTUnwrap(SeedJSON.parse(SmartPaySeedFixtures.createResponse))
        SeedJSON.assertSameShape(sample, body)
        XCTAssertEqual(Set(body.keys), ["transactionId", "checkoutToken", "paymentStatus", "requestTime"])
        let id = try XCTUnwrap(body["transactionId"] as? String)
        XCTAssertNotNil(id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression), id)
        XCTAssertEqual(id.count, 36)
        let token = try XCTUnwrap(body["checkoutToken"] as? String)
        XCTAssertNotNil(token.range(of: "^[A-Za-z0-9]{64}$", options: .regularExpression), token)
        XCTAssertEqual(body["paymentStatus"] as? String, "CREATED")
        // Seed 001: "2023-04-05T13:25:41.790Z"; the harness clock stands at 1,700,000,000 s.
        XCTAssertEqual(body["requestTime"] as? String, "2023-11-14T22:13:20.000Z")
    }

    func testSeedGetPaymentStatusGetsTheDocumentedResponse() throws {
        let reply = try harness.request("GET", SmartPaySeedFixtures.statusPath)
        XCTAssertEqual(reply.status, 200, reply.text)
        let body = try harness.json(reply)
        let sample = try XCTUnwrap(SeedJSON.parse(SmartPaySeedFixtures.statusResponse) as? [String: Any])
        SeedJSON.assertSameShape(sample, body)
        for key in ["transactionId", "reconciliationReferenceId", "description", "paymentStatus", "creationDate"] {
            XCTAssertEqual(body[key] as? String, sample[key] as? String, key)
        }
        let overview = try XCTUnwrap(body["transactionOverview"] as? [String: Any])
        XCTAssertEqual(overview["currencyCode"] as? String, "EUR")
        XCTAssertEqual(overview["mit"] as? Bool, false)
        XCTAssertEqual(overview["paymentMethod"] as? String, "CARDS")
        XCTAssertEqual((body["modifications"] as? [Any])?.count, 0)
        // The literal on the wire, not a float's rendering of it.
        XCTAssertTrue(reply.text.contains(#""amount":10.99"#), reply.text)
    }

    func testSeedExampleWorksWithABearerTokenToo() throws {
        let token = try harness.token()
        let reply = try harness.request("GET", SmartPaySeedFixtures.statusPath, authorization: "Bearer \(token)")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(try harness.request("POST", "/payment/creation", body: SmartPaySeedFixtures.createRequest,
                                           authorization: "Bearer \(token)").status, 200)
    }

    func testCreatedCheckoutReadsBackAsCreatedWithItsAmount() throws {
        let (id, _) = try harness.create()
        let body = try harness.status(id)
        XCTAssertEqual(body["transactionId"] as? String, id)
        XCTAssertEqual(body["paymentStatus"] as? String, "CREATED")
        XCTAssertEqual(body["description"] as? String, "Purchase 1x product ABC")
        XCTAssertEqual((body["reconciliationReferenceId"] as? String)?.count, 21)
        let overview = try XCTUnwrap(body["transactionOverview"] as? [String: Any])
        XCTAssertEqual(overview["transactionId"] as? String, id)
        XCTAssertNil(overview["paymentMethod"])
    }
}
