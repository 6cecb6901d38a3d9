import FoundationEssentials
import Payments
import Providers
import XCTest

/// The forwarded virtual card is held in memory, handed out once, and dropped when late or full.
final class PledgVirtualCardHandoffTests: XCTestCase {
    private let card = PledgVirtualCardHandoff.Card(number: "5132180289753097", cvc: "789", expirationDate: "30-06-2030", uid: "vcar_1")
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    func testTakenOnceThenGone() {
        let handoff = PledgVirtualCardHandoff()
        XCTAssertTrue(handoff.keep(card, for: CheckoutID("chk_1"), now: now))
        XCTAssertNil(handoff.take(for: CheckoutID("chk_2"), now: now))
        XCTAssertEqual(handoff.take(for: CheckoutID("chk_1"), now: now), card)
        XCTAssertNil(handoff.take(for: CheckoutID("chk_1"), now: now))
        XCTAssertEqual(handoff.count, 0)
    }

    func testLateOrBeyondCapacityIsDropped() {
        let handoff = PledgVirtualCardHandoff(capacity: 2, lifetime: .seconds(60))
        handoff.keep(card, for: CheckoutID("chk_1"), now: now)
        XCTAssertNil(handoff.take(for: CheckoutID("chk_1"), now: now.addingTimeInterval(61)))
        handoff.keep(card, for: CheckoutID("chk_a"), now: now)
        handoff.keep(card, for: CheckoutID("chk_b"), now: now)
        XCTAssertFalse(handoff.keep(card, for: CheckoutID("chk_c"), now: now), "full: the new card is dropped")
        // Expired ones make room.
        XCTAssertTrue(handoff.keep(card, for: CheckoutID("chk_c"), now: now.addingTimeInterval(61)))
    }

    func testNeverPrintsTheCard() {
        var dumped = ""
        dump(card, to: &dumped)
        for text in [card.description, String(reflecting: card), dumped] {
            XCTAssertFalse(text.contains("5132180289753097"), text)
            XCTAssertFalse(text.contains("789"), text)
        }
    }

    func testTheIntakeHandsOverAFrontCardOnlyWithAHandoff() {
        let handoff = PledgVirtualCardHandoff()
        let intake = PledgNotificationIntake(accounts: PledgNotificationIntakeTests.accounts, handoff: handoff)
        let body = Array(PledgNotificationIntakeTests.virtualCard().utf8)
        _ = intake.receive(ReceivedNotification(headers: [], query: [:], body: body))
        XCTAssertEqual(handoff.take(for: CheckoutID("chk_vc1"), now: Date())?.number, "5132180289753097")
        let refused = Array(PledgNotificationIntakeTests.virtualCard(merchant: "mer_unknown").utf8)
        _ = intake.receive(ReceivedNotification(headers: [], query: [:], body: refused))
        XCTAssertEqual(handoff.count, 0, "a refused card is not kept")
    }
}
