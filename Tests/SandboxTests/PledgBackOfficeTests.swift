import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// The back office (seed 003 "Refunds", PROVIDERS.md D): `/api/token` with Basic
/// `api_key:api_secret`, then `release` and `credit_by_transfer` with the Bearer token.
final class PledgBackOfficeTests: XCTestCase {
    var harness: PledgHarness!

    override func setUp() async throws { harness = try PledgHarness() }
    override func tearDown() async throws { await harness.stop() }

    func completed(_ type: PledgSimulator.PaymentType, reference: String = "chk_refund", amount: Int = 10000) throws -> String {
        let uid = try harness.open(harness.sign(harness.settings(type, reference: reference, amount: amount)))
        XCTAssertEqual(try harness.choose(uid, "complete").status, 303)
        return uid
    }

    func post(_ path: String, body: String? = nil, token: String?) throws -> (status: Int, json: [String: Any]) {
        let headers = token.map { ["Authorization": "Bearer " + $0] } ?? [:]
        let reply = try harness.request("POST", path, body: body, headers: headers)
        return (reply.status, try PledgHarness.json(reply))
    }

    func testTokenNeedsTheBasicCredentialsAndTheGrantType() throws {
        let token = try harness.token()
        XCTAssertEqual(token.count, 26)
        func tokenReply(_ authorization: String?, _ body: String = "grant_type=client_credentials") throws -> Int {
            try harness.request("POST", "/api/token", body: body, headers: authorization.map { ["Authorization": $0] } ?? [:],
                                contentType: "application/x-www-form-urlencoded").status
        }
        let good = "Basic " + Data("sandbox_pledg_api_key:sandbox_pledg_api_secret".utf8).base64EncodedString()
        XCTAssertEqual(try tokenReply(nil), 401)
        XCTAssertEqual(try tokenReply("Basic " + Data("sandbox_pledg_api_key:wrong".utf8).base64EncodedString()), 401)
        XCTAssertEqual(try tokenReply("Basic " + Data("sandbox_pledg_api_key:sandbox_pledg_api_secret\n".utf8).base64EncodedString()), 401)
        XCTAssertEqual(try tokenReply("Basic !!!"), 401)
        XCTAssertEqual(try tokenReply("Bearer " + token), 401)
        XCTAssertEqual(try tokenReply(good, "grant_type=password"), 400)
        XCTAssertEqual(try tokenReply(good), 200)
    }

    func testReleaseOfABackModePurchase() throws {
        let uid = try completed(.split)
        XCTAssertEqual(try post("/api/purchases/\(uid)/release", token: nil).status, 401)
        XCTAssertEqual(try post("/api/purchases/\(uid)/release", token: "made-up").status, 401)
        let token = try harness.token()
        let (status, json) = try post("/api/purchases/\(uid)/release", token: token)
        XCTAssertEqual(status, 200, "\(json)")
        XCTAssertEqual(json["uid"] as? String, uid)
        XCTAssertEqual(json["status"] as? String, "released")
        XCTAssertEqual(json["reference"] as? String, "chk_refund")
        // Once released, again is a conflict.
        let again = try post("/api/purchases/\(uid)/release", token: token)
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(again.json["type"] as? String, "conflict")
        XCTAssertEqual(try post("/api/purchases/pur_unknown/release", token: token).status, 404)
    }

    func testTokensExpire() throws {
        let uid = try completed(.split)
        let token = try harness.token()
        harness.clock.advance(seconds: 3601)
        XCTAssertEqual(try post("/api/purchases/\(uid)/release", token: token).status, 401)
    }

    func testReleaseIsRefusedOnceTheVirtualCardWasDebitedWithThePSPMessage() throws {
        let uid = try completed(.deferred)
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 1 })
        let card = try XCTUnwrap(harness.receiver.notifications[0]["uid"] as? String)
        XCTAssertEqual(try post("/api/sandbox/virtual_cards/\(card)/debit", token: nil).status, 200)
        let (status, json) = try post("/api/purchases/\(uid)/release", token: try harness.token())
        XCTAssertEqual(status, 409)
        XCTAssertTrue((json["message"] as? String ?? "").contains("recredit"), "\(json)")
        XCTAssertEqual(try post("/api/sandbox/virtual_cards/vcar_unknown/debit", token: nil).status, 404)
    }

    func testReleaseBeforeCompletionAndOfATransferPurchaseAreRefused() throws {
        let token = try harness.token()
        let open = try harness.open(harness.sign(harness.settings(reference: "chk_open")))
        XCTAssertEqual(try post("/api/purchases/\(open)/release", token: token).status, 409)
        let transfer = try completed(.installment)
        let (status, json) = try post("/api/purchases/\(transfer)/release", token: token)
        XCTAssertEqual(status, 409)
        XCTAssertTrue((json["message"] as? String ?? "").contains("credit_by_transfer"), "\(json)")
    }

    func testCreditByTransferPartialThenFullNeverBeyond() throws {
        let uid = try completed(.installment, amount: 10000)
        let token = try harness.token()
        let path = "/api/purchases/\(uid)/credit_by_transfer"
        XCTAssertEqual(try post(path, body: #"{"amount_cents": 2500}"#, token: nil).status, 401)
        var (status, json) = try post(path, body: #"{"amount_cents": 2500}"#, token: token)
        XCTAssertEqual(status, 200, "\(json)")
        XCTAssertEqual(json["credited_amount_cents"] as? Int, 2500)
        XCTAssertEqual(json["status"] as? String, "completed")
        (status, json) = try post(path, body: #"{"amount_cents": 7501}"#, token: token)
        XCTAssertEqual(status, 409)
        XCTAssertTrue((json["message"] as? String ?? "").contains("7500"), "\(json)")
        (status, json) = try post(path, body: #"{"amount_cents": 7500}"#, token: token)
        XCTAssertEqual(status, 200)
        XCTAssertEqual(json["status"] as? String, "refunded")
        XCTAssertEqual(try post(path, body: #"{"amount_cents": 1}"#, token: token).status, 409)
    }

    func testCreditByTransferBadInput() throws {
        let uid = try completed(.installment)
        let token = try harness.token()
        let path = "/api/purchases/\(uid)/credit_by_transfer"
        for body in ["", "[]", #"{"amount_cents": 0}"#, #"{"amount_cents": -5}"#, #"{"amount_cents": "5"}"#, #"{"amount_cents": 1.5}"#,
                     #"{"amount_cents": 9223372036854775807}"#, #"{"amount_cents": 1e300}"#, #"{"amount_cents": 1, "amount_cents": 2}"#] {
            let (status, json) = try post(path, body: body, token: token)
            XCTAssertTrue(status == 400 || status == 409, "\(body): \(status)")
            XCTAssertNotNil(json["message"] as? String, body)
        }
        // A back-mode purchase is released, not credited.
        let back = try completed(.split, reference: "chk_back")
        XCTAssertEqual(try post("/api/purchases/\(back)/credit_by_transfer", body: #"{"amount_cents": 1}"#, token: token).status, 409)
    }
}
