/// Which events of the shop's event log `GET /v1/events` lists; nil fields do not filter.
public struct EventLogFilter: Hashable, Sendable {
    /// Only this checkout's events.
    public var checkoutID: CheckoutID?
    /// Only the events of this order's attempts.
    public var orderReference: String?
    /// Only events of this kind …
    public var kind: CheckoutEvent.Kind?
    /// … and, for transitions, to this status …
    public var newStatus: Checkout.Status?
    /// … and, for notices, of this notice type.
    public var noticeType: String?

    /// A filter with the given fields.
    public init(checkoutID: CheckoutID? = nil, orderReference: String? = nil, kind: CheckoutEvent.Kind? = nil,
                newStatus: Checkout.Status? = nil) {
        self.checkoutID = checkoutID
        self.orderReference = orderReference
        self.kind = kind
        self.newStatus = newStatus
    }
}
