import Foundation
import KassaTestSupport
@testable import Sandbox
import XCTest

/// `plugin.js` and the front inside its iframe: the result reaches the plugin by
/// `postMessage`, to the plugin page's origin only, in seed 003's result shapes.
final class PledgPluginTests: XCTestCase {
    var harness: PledgHarness!
    let origin = PledgHarness.shop

    override func setUp() async throws { harness = try PledgHarness() }
    override func tearDown() async throws { await harness.stop() }

    /// The message the result page posts: its JSON and target origin.
    func postedMessage(_ reply: RawClient.Reply, file: StaticString = #filePath, line: UInt = #line) throws -> (json: [String: Any], target: String) {
        let text = reply.text
        let start = try XCTUnwrap(text.range(of: "window.parent.postMessage("), text, file: file, line: line).upperBound
        let end = try XCTUnwrap(text.range(of: ");</script>", range: start..<text.endIndex), file: file, line: line).lowerBound
        let arguments = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(("[" + text[start..<end] + "]").utf8)) as? [Any])
        return (try XCTUnwrap(arguments[0] as? [String: Any]), try XCTUnwrap(arguments[1] as? String))
    }

    func testPluginScriptDefinesPledgAndPointsAtTheFront() throws {
        for path in ["/plugin.js", "/plugin.min.js"] {
            let reply = try harness.request("GET", path)
            XCTAssertEqual(reply.status, 200)
            XCTAssertEqual(reply.header("Content-Type"), "text/javascript; charset=utf-8")
            for piece in ["function Pledg(button, settings)", "Pledg.prototype.configure", "onSuccess", "onError", "onCancel", "onOpen",
                          "onClose", "containerElement", "pledg-iframe-overlay", "\"message\"",
                          "\"http://127.0.0.1:8080/sandbox/pledg/front/purchases\"", "window.Pledg = Pledg"] {
                XCTAssertTrue(reply.text.contains(piece), piece)
            }
        }
    }

    func testBackModeResultIsPostedToThePluginOrigin() throws {
        let page = try harness.front(harness.sign(harness.settings(.split)), origin: origin)
        XCTAssertEqual(page.status, 200, page.text)
        XCTAssertTrue(page.text.contains(#"<input type="hidden" name="origin" value="https://shop.example.com">"#))
        let uid = try XCTUnwrap(page.text.range(of: "pur_[0-9a-f-]{36}", options: .regularExpression).map { String(page.text[$0]) })
        let reply = try harness.choose(uid, "complete", origin: origin)
        XCTAssertEqual(reply.status, 200, reply.text)
        let (message, target) = try postedMessage(reply)
        XCTAssertEqual(target, origin)
        XCTAssertEqual(message["source"] as? String, "pledg-sandbox")
        XCTAssertEqual(message["event"] as? String, "success")
        // Seed 003, back mode "Standard result".
        let result = try XCTUnwrap(message["result"] as? [String: Any])
        let transaction = try XCTUnwrap(result["transaction"] as? [String: Any])
        XCTAssertEqual(Set(transaction.keys), ["created_at", "error", "id", "sandbox", "status"])
        XCTAssertEqual(transaction["status"] as? String, "completed")
        XCTAssertTrue(transaction["error"] is NSNull)
        let purchase = try XCTUnwrap(result["purchase"] as? [String: Any])
        XCTAssertEqual(Set(purchase.keys), ["meta_data", "reference", "uid"])
        XCTAssertEqual(purchase["uid"] as? String, uid)
        // The notification still goes to the merchant's back end.
        XCTAssertTrue(eventually { self.harness.receiver.bodies.count == 2 })
        XCTAssertEqual(transaction["id"] as? String, harness.receiver.notifications[0]["id"] as? String)
    }

    func testTransferAndFrontModeResults() throws {
        let transfer = try harness.open(harness.sign(harness.settings(.installment, reference: "chk_transfer")))
        let (transferMessage, _) = try postedMessage(try harness.choose(transfer, "complete", origin: origin))
        XCTAssertEqual(Array((transferMessage["result"] as? [String: Any] ?? [:]).keys), ["purchase"])

        // Front mode with a notification URL: "the front … receives only an empty dictionary".
        let notified = try harness.open(harness.sign(harness.settings(.deferred, reference: "chk_front_1")))
        let (notifiedMessage, _) = try postedMessage(try harness.choose(notified, "complete", origin: origin))
        XCTAssertEqual((notifiedMessage["result"] as? [String: Any])?.count, 0)

        // Without one the card goes to the front, in the seed's shape.
        let plain = try harness.open(harness.sign(harness.settings(.deferred, reference: "chk_front_2", notify: false)))
        let (plainMessage, _) = try postedMessage(try harness.choose(plain, "complete", origin: origin))
        let card = try XCTUnwrap(plainMessage["result"] as? [String: Any])
        XCTAssertEqual(Set(card.keys), ["card_number", "cvc", "expiry_month", "expiry_year", "purchase"])
        XCTAssertTrue((card["card_number"] as? String ?? "").hasPrefix("513218"))
        XCTAssertNotNil((card["expiry_month"] as? String)?.range(of: #"^\d\d$"#, options: .regularExpression))
    }

    func testErrorsAndCancelReachThePlugin() throws {
        for (index, (outcome, event, type)) in [("refuse", "error", "payment_refused"), ("not_eligible", "error", "not_eligible"),
                                                ("cancel", "cancel", nil)].enumerated() {
            let uid = try harness.open(harness.sign(harness.settings(reference: "chk_\(index)")))
            let (message, _) = try postedMessage(try harness.choose(uid, outcome, origin: origin))
            XCTAssertEqual(message["event"] as? String, event)
            XCTAssertEqual((message["error"] as? [String: Any])?["type"] as? String, type)
            if type != nil { XCTAssertNotNil((message["error"] as? [String: Any])?["message"] as? String) }
        }
        // An initialization error inside the iframe is posted too (`onError`).
        let reply = try harness.front(harness.sign(harness.settings(.redirection, amount: 1)), origin: origin)
        XCTAssertEqual(reply.status, 400)
        let (message, target) = try postedMessage(reply)
        XCTAssertEqual(target, origin)
        XCTAssertEqual((message["error"] as? [String: Any])?["type"] as? String, "not_eligible")
    }

    func testTheResultGoesOnlyToAnAllowedOriginAndCannotBreakOutOfTheScript() throws {
        let page = try harness.front(harness.sign(harness.settings()), origin: "https://evil.example")
        XCTAssertEqual(page.status, 400)
        XCTAssertFalse(page.text.contains("postMessage"))
        let uid = try harness.open(harness.sign(harness.settings(reference: "</script><script>alert(1)</script>")))
        XCTAssertEqual(try harness.choose(uid, "complete", origin: "https://evil.example").status, 400)
        let reply = try harness.choose(uid, "complete", origin: origin)
        XCTAssertFalse(reply.text.contains("</script><script>alert(1)"), reply.text)
        let (message, _) = try postedMessage(reply)
        XCTAssertEqual(((message["result"] as? [String: Any])?["purchase"] as? [String: Any])?["reference"] as? String,
                       "</script><script>alert(1)</script>")
    }

    /// Seed 003's JavaScript example, signed (with the sandbox split account for `mer_uid`):
    /// inside the iframe it needs no return URLs; a direct call does.
    func testTheSeedsPluginExampleWorksInTheIframe() throws {
        let example: [String: Any] = [
            "merchantUid": harness.account(.split).merchantUID, "amountCents": 30550, "email": "sales@pledg.co",
            "title": "STAY IN LONDON", "subtitle": "Fly + Hotel 2 nights (3 rooms)", "reference": "order_123",
            "firstName": "Gaëlle", "lastName": "Guéguen",
            "address": ["street": "2, rue Frézier", "city": "Brest", "zipcode": "29200", "stateProvince": "Bretagne", "country": "FR"],
            "metadata": ["departure-date": "2022-03-30"],
        ]
        let signature = harness.sign(example)
        let direct = try harness.front(signature)
        XCTAssertEqual(direct.status, 400)
        XCTAssertTrue(direct.text.contains("redirectUrl"), direct.text)
        let page = try harness.front(signature, origin: origin)
        XCTAssertEqual(page.status, 200, page.text)
        XCTAssertTrue(page.text.contains("305.50 EUR"))
        XCTAssertTrue(page.text.contains("Fly + Hotel 2 nights (3 rooms)"))
        let uid = try XCTUnwrap(page.text.range(of: "pur_[0-9a-f-]{36}", options: .regularExpression).map { String(page.text[$0]) })
        let (message, _) = try postedMessage(try harness.choose(uid, "complete", origin: origin))
        let purchase = try XCTUnwrap((message["result"] as? [String: Any])?["purchase"] as? [String: Any])
        XCTAssertEqual(purchase["reference"] as? String, "order_123")
        XCTAssertEqual(purchase["meta_data"] as? [String: String], ["departure-date": "2022-03-30"])
        // Posted without the iframe's origin and without return URLs: a page, not a redirect.
        var second = example
        second["reference"] = "order_124"
        let secondPage = try harness.front(harness.sign(second), origin: origin)
        let other = try XCTUnwrap(secondPage.text.range(of: "pur_[0-9a-f-]{36}", options: .regularExpression).map { String(secondPage.text[$0]) })
        let plain = try harness.choose(other, "cancel")
        XCTAssertEqual(plain.status, 200, plain.text)
        XCTAssertTrue(plain.text.contains("This purchase is canceled"), plain.text)
    }
}
