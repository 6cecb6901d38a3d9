import Payments

/// The public type of an event in the shop's stream (`checkout.paid`, …): what a shop's
/// webhook handler switches on.
enum EventType {
    /// `checkout.created` for a new attempt, `checkout.<new status>` for a status change
    /// (`checkout.partially_refunded` for each further partial refund), and
    /// `checkout.duplicate_payment` when an order was paid twice; the unpublished kinds keep
    /// their own name (`checkout.needs_sync`, `checkout.ignored`, `checkout.integrity`).
    static func name(of event: CheckoutEvent) -> String {
        switch event.kind {
        case .created: "checkout.created"
        case .transition: "checkout.\(event.newStatus.rawValue)"
        case .duplicatePayment: "checkout.duplicate_payment"
        case .needsSync, .ignored, .integrity: "checkout.\(event.kind.rawValue)"
        }
    }

    /// The published types, as `GET /v1/events?type=` accepts them.
    static let published: [String] = ["checkout.created"]
        + Checkout.Status.allCases.filter { $0 != .created }.map { "checkout.\($0.rawValue)" } + ["checkout.duplicate_payment"]

    /// The store filter for a published type name; nil for any other name.
    static func filter(for name: String) -> (kind: CheckoutEvent.Kind, status: Checkout.Status?)? {
        switch name {
        case "checkout.created": return (.created, nil)
        case "checkout.duplicate_payment": return (.duplicatePayment, nil)
        default:
            guard name.hasPrefix("checkout."), let status = Checkout.Status(rawValue: String(name.dropFirst("checkout.".count))),
                  status != .created else { return nil }
            return (.transition, status)
        }
    }
}
