import Foundation
import JSON
@testable import KassaService
import Payments
import XCTest

/// `GET /v1/checkouts` and the shop's own data on the wire (issue 13), over real sockets with a
/// scripted provider: filters, cursor pagination newest first, each fault naming its parameter;
/// metadata on the checkout, its history and the event log; a per-payment capture choice refused
/// before anything is stored by a provider that cannot make it.
final class CheckoutListingTests: ScriptedProviderTestCase {
    override func setUp() async throws { try start() }

    private func create(_ reference: String, extra: String = "") async throws -> String {
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(reference: reference, extra: extra), expect: 201)
        return try XCTUnwrap(created.text("id"))
    }

    /// The ids of the page `GET /v1/checkouts?query` answers.
    private func listed(_ query: String) async throws -> [String] {
        ids(try await harness.json("GET", "/v1/checkouts?\(query)", expect: 200))
    }

    private func ids(_ page: JSONValue) -> [String] {
        page["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    func testPagesComeNewestFirstAndTheCursorContinuesWithoutRepeats() async throws {
        var created: [String] = []
        for index in 0..<5 { created.append(try await create("order_list_\(index % 2)")) }
        let newestFirst = Array(created.reversed())

        let first = try await harness.json("GET", "/v1/checkouts?limit=2", expect: 200)
        XCTAssertEqual(first.text("object"), "list")
        XCTAssertEqual(ids(first), Array(newestFirst[0..<2]))
        XCTAssertEqual(first["has_more"], .bool(true))
        let second = try await harness.json("GET", "/v1/checkouts?limit=2&starting_after=\(newestFirst[1])", expect: 200)
        XCTAssertEqual(ids(second), Array(newestFirst[2..<4]))
        let last = try await harness.json("GET", "/v1/checkouts?limit=2&starting_after=\(newestFirst[3])", expect: 200)
        XCTAssertEqual(ids(last), [newestFirst[4]])
        XCTAssertEqual(last["has_more"], .bool(false))
        // The default page is 10: all five.
        let defaultPage = try await listed("")
        XCTAssertEqual(defaultPage, newestFirst)
    }

    func testFiltersCombine() async throws {
        let a0 = try await create("order_filter_a")
        let b0 = try await create("order_filter_b")
        let a1 = try await create("order_filter_a")
        // The paid one is its order's only attempt: paying an order settles its other open
        // attempts (an order is paid once), which is not what this test is about.
        provider.script(status: .success(ProviderStatus(providerStatus: "ok", status: .paid)))
        _ = try await harness.json("POST", "/v1/checkouts/\(b0)/refresh", expect: 200)

        let byOrder = try await listed("order_reference=order_filter_a")
        XCTAssertEqual(byOrder, [a1, a0])
        let paid = try await listed("status=paid")
        XCTAssertEqual(paid, [b0])
        let pendingOfOrder = try await listed("status=pending&order_reference=order_filter_a")
        XCTAssertEqual(pendingOfOrder, [a1, a0])
        let paidOfOrder = try await listed("status=paid&order_reference=order_filter_a")
        XCTAssertEqual(paidOfOrder, [])
        let byProvider = try await listed("provider=secuconnect")
        XCTAssertEqual(byProvider, [a1, b0, a0])
        let ofAnotherProvider = try await listed("provider=smartpay")
        XCTAssertEqual(ofAnotherProvider, [])
        let sinceLongAgo = try await listed("created_after=2000-01-01T00:00:00Z")
        XCTAssertEqual(sinceLongAgo, [a1, b0, a0])
        let afterTheFuture = try await listed("created_after=2999-01-01T00:00:00.000%2B01:00")
        XCTAssertEqual(afterTheFuture, [])
    }

    func testEachBadParameterIsA422NamingIt() async throws {
        let cases: [(String, String)] = [
            ("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"),
            ("status=done", "status"), ("provider=Secu%20Connect", "provider"),
            ("created_after=yesterday", "created_after"), ("created_after=1700000000", "created_after"),
            ("starting_after=evt_1", "starting_after"), ("order_reference=a%01b", "order_reference"),
            ("order_reference=", "order_reference"),
            // Well-formed but unknown: still the parameter's fault, not a 404 of the list.
            ("starting_after=chk_unknown", "starting_after"),
        ]
        for (query, field) in cases {
            let problem = try await harness.json("GET", "/v1/checkouts?\(query)", expect: 422)
            XCTAssertEqual(problem["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }, [field], query)
        }
        let unauthenticated = try await harness.send("GET", "/v1/checkouts", auth: false)
        XCTAssertEqual(unauthenticated.status, 401)
    }

    func testMetadataIsReturnedOnTheCheckoutItsHistoryAndTheEventLog() async throws {
        let id = try await create("order_meta", extra: #","metadata":{"cart_id":"c-42","channel":"app"}"#)
        let checkout = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(checkout["metadata"], ["cart_id": "c-42", "channel": "app"])
        XCTAssertEqual(checkout["capture_method"], .null)
        XCTAssertEqual(checkout["history"]?[0]?["metadata"], ["cart_id": "c-42", "channel": "app"])
        let log = try await harness.json("GET", "/v1/events", expect: 200)
        let events = log["events"]?.arrayValue?.filter { $0["checkout_id"]?.stringValue == id } ?? []
        XCTAssertFalse(events.isEmpty)
        for event in events { XCTAssertEqual(event["metadata"], ["cart_id": "c-42", "channel": "app"]) }
        // Listed checkouts carry it too; a checkout without metadata shows an empty object.
        let plain = try await create("order_meta_plain")
        let listed = try await harness.json("GET", "/v1/checkouts?limit=2", expect: 200)
        XCTAssertEqual(ids(listed), [plain, id])
        XCTAssertEqual(listed["data"]?[0]?["metadata"], .object([:]))
        XCTAssertEqual(listed["data"]?[1]?["metadata"]?["cart_id"], "c-42")
    }

    func testACaptureChoiceTheProviderCannotMakeIsA422AndNothingIsStored() async throws {
        let problem = try await harness.json("POST", "/v1/checkouts",
                                             body: checkoutBody(reference: "order_capture_choice", extra: #","capture_method":"manual""#),
                                             expect: 422)
        XCTAssertEqual(problem["errors"]?[0]?["field"], "capture_method")
        XCTAssertEqual(provider.createCalls, 0)
        _ = try await harness.json("GET", "/v1/orders/order_capture_choice", expect: 404)
        let log = try await harness.json("GET", "/v1/events", expect: 200)
        XCTAssertEqual(log["events"]?.arrayValue?.count, 0)
    }

    func testAProvidersOwnNextActionReachesTheShopAsItIs() async throws {
        provider.script(create: .success(ProviderCheckout(
            providerReference: nil, providerStatus: "created", status: .pending,
            nextAction: NextAction(type: "toy_plugin", fields: ["merchant": "m-1", "options": ["theme": "dark"]]))))
        let created = try await harness.json("POST", "/v1/checkouts", body: checkoutBody(), expect: 201)
        XCTAssertEqual(created["next_action"], ["type": "toy_plugin", "merchant": "m-1", "options": ["theme": "dark"]])
        // No reference yet: stored without one, and shown as null.
        XCTAssertEqual(created["provider_reference"], .null)
        let id = try XCTUnwrap(created.text("id"))
        let read = try await harness.json("GET", "/v1/checkouts/\(id)", expect: 200)
        XCTAssertEqual(read["next_action"], created["next_action"])
        XCTAssertNil(read["provider_data"]?["kassa.next_action"], "the service's keys stay internal")
    }
}
