import FoundationEssentials
import JSON
import Payments
import Synchronization

/// A front-mode virtual card on its way to the shop (issue 15): kept in memory only — never in
/// the database, the inbox's copy or the logs — and handed out once, in the checkout's
/// `checkout.authorized` event, when `providers.pledg.forward_virtual_card` is on. A card not
/// taken within `lifetime`, or beyond `capacity`, is dropped: the shop can still charge
/// nothing it never saw, and Pledg refunds an undebited card by itself (seed 003, "Refunds").
public final class PledgVirtualCardHandoff: Sendable {
    /// The card as the shop's PSP needs it. Never printed.
    public struct Card: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
        public var number: String
        public var cvc: String
        /// As Pledg writes it (`30-06-2020`).
        public var expirationDate: String
        /// `vcar_…`.
        public var uid: String

        public init(number: String, cvc: String, expirationDate: String, uid: String) {
            (self.number, self.cvc, self.expirationDate, self.uid) = (number, cvc, expirationDate, uid)
        }

        /// The event's `data.virtual_card`.
        public var json: JSONValue {
            ["number": .string(number), "cvc": .string(cvc), "expiration_date": .string(expirationDate), "uid": .string(uid)]
        }

        /// BIN and last four only.
        public var description: String { "Card(\(number.prefix(6))…\(number.suffix(4)), \(uid))" }
        /// No children, so `dump` shows no card data.
        public var customMirror: Mirror { Mirror(self, children: []) }
    }

    private struct Held: Sendable {
        var card: Card
        var until: Date
    }

    private let cards = Mutex<[CheckoutID: Held]>([:])
    /// Cards held at most.
    public let capacity: Int
    /// How long a card waits for its event.
    public let lifetime: Duration

    /// An empty handoff.
    public init(capacity: Int = 1_000, lifetime: Duration = .seconds(3_600)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// Holds `card` for `checkout`'s authorized event; false when it had to be dropped (full).
    @discardableResult
    public func keep(_ card: Card, for checkout: CheckoutID, now: Date) -> Bool {
        let until = now.addingTimeInterval(TimeInterval(lifetime.components.seconds))
        return cards.withLock { held in
            if held.count >= capacity { held = held.filter { $0.value.until > now } }
            guard held.count < capacity || held[checkout] != nil else { return false }
            held[checkout] = Held(card: card, until: until)
            return true
        }
    }

    /// The card held for `checkout`, removed: it is handed out once.
    public func take(for checkout: CheckoutID, now: Date) -> Card? {
        cards.withLock { held in
            guard let entry = held.removeValue(forKey: checkout), entry.until > now else { return nil }
            return entry.card
        }
    }

    /// How many cards are held (tests).
    public var count: Int { cards.withLock { $0.count } }
}
