import Payments

/// The public type of an event in the shop's stream (`checkout.paid`, …): what a shop's
/// webhook handler switches on.
enum EventType {
    /// The provider notices Kassa knows (`ProviderNotice.type`): what `?type=` accepts besides
    /// the checkout types. A provider adding a notice adds its type here.
    static let noticeTypes = ["pledg.split_purchase_ended", "smartcredit.manual_release_required", "smartpay.chargeback"]

    /// `checkout.created` for a new attempt, `checkout.<new status>` for a status change
    /// (`checkout.partially_refunded` for each further partial refund), `checkout.needs_sync`
    /// when a provider call ended without an answer, `checkout.duplicate_payment` when an order
    /// was paid twice, and a notice's own type (`smartpay.chargeback`); the unpublished kinds
    /// keep their own name (`checkout.ignored`, `checkout.integrity`).
    static func name(of event: CheckoutEvent) -> String {
        switch event.kind {
        case .created: "checkout.created"
        case .transition: "checkout.\(event.newStatus.rawValue)"
        case .duplicatePayment: "checkout.duplicate_payment"
        case .notice: event.noticeType ?? "provider.notice"
        case .needsSync, .ignored, .integrity: "checkout.\(event.kind.rawValue)"
        }
    }

    /// The published types, as `GET /v1/events?type=` accepts them.
    static let published: [String] = ["checkout.created"]
        + Checkout.Status.allCases.filter { $0 != .created }.map { "checkout.\($0.rawValue)" }
        + ["checkout.needs_sync", "checkout.duplicate_payment"] + noticeTypes

    /// The store filter for a published type name; nil for any other name.
    static func filter(for name: String) -> EventLogFilter? {
        switch name {
        case "checkout.created": return EventLogFilter(kind: .created)
        case "checkout.duplicate_payment": return EventLogFilter(kind: .duplicatePayment)
        case "checkout.needs_sync": return EventLogFilter(kind: .needsSync)
        case _ where noticeTypes.contains(name):
            var filter = EventLogFilter(kind: .notice)
            filter.noticeType = name
            return filter
        default:
            guard name.hasPrefix("checkout."), let status = Checkout.Status(rawValue: String(name.dropFirst("checkout.".count))),
                  status != .created else { return nil }
            return EventLogFilter(kind: .transition, newStatus: status)
        }
    }
}
