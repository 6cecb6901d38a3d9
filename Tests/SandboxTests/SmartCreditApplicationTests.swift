import Foundation
import KassaTestSupport
import XCTest

/// Initialize, get and search (PROVIDERS.md C; the 1.1.0 spec's paths and shapes).
final class SmartCreditApplicationTests: SmartCreditTestCase {
    /// `REVOLVINGPOS` (Hanseatic Bank) answers a journey URL as `text/plain`, in the spec's
    /// example's shape `…/hblo?auxiliaryDataId=…&culture=de-DE`.
    func testRevolvingPOSAnswersAURL() throws {
        let body = try harness.initialize(smartCreditApplication(paymentMean: "REVOLVINGPOS"), token: token)
        XCTAssertNotNil(body.range(of: #"^http://127\.0\.0\.1:47999/sandbox/smartcredit/hblo\?auxiliaryDataId=[0-9a-f-]{36}&culture=de-DE$"#,
                                   options: .regularExpression), body)
        XCTAssertNotNil(URL(string: body)?.host)
    }

    /// `FRF_*` (FranFinance) answers an HTML document as `text/plain`, whose form leads to the
    /// simulator's application form.
    func testFranFinanceAnswersAnHTMLPage() throws {
        for (index, mean) in ["FRF_3X", "FRF_4X", "FRF_3X_F", "FRF_4X_F"].enumerated() {
            let body = try harness.initialize(smartCreditApplication(orderID: "ORD\(index)", paymentMean: mean), token: token)
            XCTAssertTrue(body.hasPrefix("<!DOCTYPE html>"), body)
            XCTAssertTrue(body.contains(#"action="http://127.0.0.1:47999/sandbox/smartcredit/frf/application""#), body)
            XCTAssertTrue(body.contains(#"name="auxiliaryDataId""#))
        }
    }

    /// The later spec's `do-initialize` works like seed 000's `_processAndRedirect`.
    func testDoInitializePath() throws {
        let body = try harness.initialize(smartCreditApplication(paymentMean: "REVOLVINGPOS"), token: token,
                                          path: "/api/v1/customerApplications/do-initialize")
        XCTAssertTrue(body.hasPrefix("http://"))
    }

    /// A new application is INITIALIZED; search by `orderId` and get by id answer the
    /// spec's `ApplicationDetails`.
    func testSearchAndGetAnswerApplicationDetails() throws {
        _ = try harness.initialize(smartCreditApplication(orderID: "ORD229", paymentMean: "FRF_4X"), token: token)
        let articles = try harness.search(orderID: "ORD229", token: token)
        XCTAssertEqual(articles.count, 1)
        let details = try XCTUnwrap(articles.first)
        XCTAssertEqual(Set(details.keys), ["applicationId", "orderId", "customerId", "createdOn", "modifiedOn", "status",
                                           "paymentProvider", "paymentProviderLabel", "paymentMean", "paymentMeanLabel"])
        XCTAssertEqual(details["orderId"] as? String, "ORD229")
        XCTAssertEqual(details["customerId"] as? String, "customer01")
        XCTAssertEqual(details["status"] as? String, "INITIALIZED")
        XCTAssertEqual(details["paymentProvider"] as? String, "FRF")
        XCTAssertEqual(details["paymentMean"] as? String, "FRF_4X")
        XCTAssertEqual(details["createdOn"] as? String, "2023-11-14T22:13:20+00:00")
        let id = try XCTUnwrap(details["applicationId"] as? String)
        let reply = try harness.request("GET", "/api/v1/customerApplications/\(id)", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(try harness.json(reply)["applicationId"] as? String, id)
        XCTAssertEqual(try harness.json(reply)["paymentProvider"] as? String, "FRF")
    }

    /// An unknown order: no articles. An empty body lists every application.
    func testSearchUnknownOrderAndAll() throws {
        XCTAssertEqual(try harness.search(orderID: "nope", token: token).count, 0)
        _ = try harness.initialize(smartCreditApplication(orderID: "A1"), token: token)
        _ = try harness.initialize(smartCreditApplication(orderID: "A2", paymentMean: "REVOLVINGPOS"), token: token)
        XCTAssertEqual(try harness.search(orderID: nil, token: token).compactMap { $0["orderId"] as? String }, ["A1", "A2"])
        let empty = try harness.request("POST", "/api/v1/customerApplications/do-search", body: "{}", token: token)
        XCTAssertEqual(empty.status, 200)
    }

    func testMalformedSearchIsInvalidQuery() throws {
        for body in ["[1]", #"{"orderId": 229}"#, "{", "orderId=1"] {
            let reply = try harness.request("POST", "/api/v1/customerApplications/do-search", body: body, token: token)
            try harness.assertDetail(reply, status: 400, error: "invalid_query", message: "Wrong query parameters")
        }
    }

    func testUnknownApplicationIs404WithErrorCode() throws {
        let reply = try harness.request("GET", "/api/v1/customerApplications/da7ec97e-8c19-4814-87e5-a7aa5063bf00", token: token)
        XCTAssertEqual(reply.status, 404, reply.text)
        XCTAssertEqual(try harness.json(reply)["errorCode"] as? Int, 404)
        XCTAssertEqual(try harness.json(reply)["message"] as? String, "Resource was not found.")
    }

    /// "Order Id: xxxx already exist", whatever became of the first application.
    func testDuplicateOrderIDIsInvalidOrderID() throws {
        _ = try harness.initialize(smartCreditApplication(orderID: "ORD229"), token: token)
        let reply = try harness.request("POST", "/api/v1/customerApplications/_processAndRedirect",
                                        body: smartCreditApplication(orderID: "ORD229", paymentMean: "REVOLVINGPOS"), token: token)
        try harness.assertDetail(reply, status: 400, error: "invalid_orderId", message: "Order Id: ORD229 already exist")
        XCTAssertEqual(harness.simulator.applicationCount, 1)
    }

    /// The oldest applications go first beyond `maxApplications`; their order ids are free.
    func testStoreIsBounded() async throws {
        await harness.stop()
        harness = try SmartCreditHarness { $0.maxApplications = 2 }
        token = try harness.token()
        for order in ["B1", "B2", "B3"] { _ = try harness.initialize(smartCreditApplication(orderID: order), token: token) }
        XCTAssertEqual(harness.simulator.applicationCount, 2)
        XCTAssertEqual(try harness.search(orderID: "B1", token: token).count, 0)
        _ = try harness.initialize(smartCreditApplication(orderID: "B1"), token: token)
    }

    /// The configured answer replaces the URL or page; the application exists all the same.
    func testInitializeAnswerOverride() async throws {
        await harness.stop()
        harness = try SmartCreditHarness { $0.initializeAnswerOverride = "Service temporarily unavailable" }
        token = try harness.token()
        XCTAssertEqual(try harness.initialize(smartCreditApplication(paymentMean: "REVOLVINGPOS"), token: token), "Service temporarily unavailable")
        XCTAssertEqual(harness.simulator.status(ofOrder: "ORD229"), "INITIALIZED")
        XCTAssertNil(harness.simulator.status(ofOrder: "ORD230"))
    }

    /// Eight initializes of one `orderId` at once: exactly one application, the others
    /// `invalid_orderId` (the duplicate check and the insert are one step).
    func testConcurrentDuplicatesCreateOneApplication() async throws {
        let port = harness.server.port
        let token = token!
        let body = smartCreditApplication(orderID: "RACE")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let text = "POST \(SmartCreditHarness.prefix)/api/v1/customerApplications/do-initialize HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                    return try RawClient.exchange(port: port, text).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(statuses.sorted(), [200] + Array(repeating: 400, count: 7))
        XCTAssertEqual(harness.simulator.applicationCount, 1)
    }
}
