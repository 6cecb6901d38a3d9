import FoundationEssentials

/// One row of `checkout_events`: an applied change, or an update that was refused and recorded.
///
/// `sequence` is the monotonically increasing cursor of the shop's event log
/// (`GET /v1/events?after=`); `id` is the stable public id the shop de-duplicates on.
public struct CheckoutEvent: Hashable, Sendable {
    /// Where the news that produced an event came from.
    public enum Source: String, Hashable, Sendable, CaseIterable {
        /// Kassa's own call to the provider (create, capture, cancel, refund, refresh).
        case api
        /// A provider notification.
        case webhook
        /// The reconciler's poll.
        case poll
        /// The customer's return from the provider's page.
        case `return`
    }

    /// What the row records.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The attempt was stored (old status nil, new status `created`).
        case created
        /// A status change (or another partial refund) was applied.
        case transition
        /// An update was refused (backwards, out of a terminal state, duplicate); nothing changed.
        case ignored
        /// An update's amount, currency or refund total contradicted the checkout; nothing changed.
        case integrity
        /// A provider call ended without an answer; the checkout was flagged `needs_sync`.
        case needsSync = "needs_sync"
        /// The attempt was paid after another attempt of its order had been paid (issue 13):
        /// the shop and the operators must know; Kassa cancels or refunds it.
        case duplicatePayment = "duplicate_payment"
        /// Provider news that is not a status change (`ProviderNotice`): its type is in
        /// `noticeType`, its detail a JSON object in `detail`; nothing about the checkout changed.
        case notice

        /// True for the kinds that are part of the shop's event log and pushed to the shop:
        /// everything but the refused updates (`ignored`, `integrity`), which are history only.
        public var isPublished: Bool { self != .ignored && self != .integrity }
    }

    /// Position in the event log; strictly increasing across all checkouts.
    public var sequence: Int64
    /// Stable public id (`evt_…`).
    public var id: EventID
    /// The checkout the event belongs to.
    public var checkoutID: CheckoutID
    /// What the row records.
    public var kind: Kind
    /// Where the news came from.
    public var source: Source
    /// The status before (nil for `created`).
    public var oldStatus: Checkout.Status?
    /// The status after an applied change; for a refused update, the status it asked for.
    public var newStatus: Checkout.Status
    /// The provider's raw status as received.
    public var providerStatus: String?
    /// The checkout's refunded total after the event (minor units).
    public var refundedMinorUnits: Int64
    /// Why an update was refused or flagged (`backwards`, `amount_mismatch: 1000 EUR`…).
    public var detail: String?
    /// When it happened (the store's clock).
    public var occurredAt: Date
    /// The checkout's metadata (the shop's key–value pairs), so an event is understood without
    /// fetching its checkout.
    public var metadata: [String: String]
    /// For a `notice`: the notice's type (`pledg.split_purchase_ended`); nil for other kinds.
    public var noticeType: String?

    /// An event with every field given.
    public init(sequence: Int64, id: EventID, checkoutID: CheckoutID, kind: Kind, source: Source,
                oldStatus: Checkout.Status?, newStatus: Checkout.Status, providerStatus: String?,
                refundedMinorUnits: Int64, detail: String?, occurredAt: Date, metadata: [String: String] = [:],
                noticeType: String? = nil) {
        self.sequence = sequence
        self.id = id
        self.checkoutID = checkoutID
        self.kind = kind
        self.source = source
        self.oldStatus = oldStatus
        self.newStatus = newStatus
        self.providerStatus = providerStatus
        self.refundedMinorUnits = refundedMinorUnits
        self.detail = detail
        self.occurredAt = occurredAt
        self.metadata = metadata
        self.noticeType = noticeType
    }
}
