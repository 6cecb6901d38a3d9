import FoundationEssentials

/// One payment attempt with one provider for one order reference (one row of `checkouts`).
public struct Checkout: Hashable, Sendable {
    /// Kassa's public id (`chk_…`).
    public var id: CheckoutID
    /// The shop's order reference; several attempts may share it.
    public var orderReference: String
    /// Which provider this attempt runs with.
    public var provider: ProviderID
    /// The provider-specific method / payment type / journey, when the request named one.
    public var method: String?
    /// The amount the shop asked for; every provider echo is checked against it.
    public var amount: Money
    /// The unified status.
    public var status: Status
    /// The provider's own status text as last applied (`ACCEPTED`, `CAPTURED`, `status_simple=9`…).
    public var providerStatus: String?
    /// The provider's id for this attempt (secuconnect `STX_…`, SmartPay transaction id,
    /// SmartCredit application id, Pledg purchase uid); unique per provider.
    public var providerReference: String?
    /// Further provider ids and tokens the service needs later (checkout token, payment
    /// transaction id, redirect URL…). Never card data.
    public var providerData: [String: String]
    /// Total refunded so far, in the checkout's currency minor units.
    public var refundedMinorUnits: Int64
    /// True while the last provider call ended without an answer: the status may be stale
    /// until the reconciler asks the provider (DESIGN.md lessons). Set by
    /// `PaymentStore.markNeedsSync`, cleared by the next update that carries a provider status.
    public var needsSync: Bool
    /// The shop's own key–value pairs, stored as sent and returned on the checkout and its events.
    public var metadata: [String: String]
    /// The shop's choice of capture, when it made one (nil: the provider account's default).
    public var captureMethod: CaptureMethod?
    /// When the attempt was stored.
    public var createdAt: Date
    /// When the row last changed.
    public var updatedAt: Date

    /// A checkout with every field given; `providerData` defaults to empty.
    public init(id: CheckoutID, orderReference: String, provider: ProviderID, method: String? = nil,
                amount: Money, status: Status = .created, providerStatus: String? = nil,
                providerReference: String? = nil, providerData: [String: String] = [:],
                refundedMinorUnits: Int64 = 0, needsSync: Bool = false, metadata: [String: String] = [:],
                captureMethod: CaptureMethod? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.orderReference = orderReference
        self.provider = provider
        self.method = method
        self.amount = amount
        self.status = status
        self.providerStatus = providerStatus
        self.providerReference = providerReference
        self.providerData = providerData
        self.refundedMinorUnits = refundedMinorUnits
        self.needsSync = needsSync
        self.metadata = metadata
        self.captureMethod = captureMethod
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The amount refunded so far as money.
    public var refundedAmount: Money { Money(minorUnits: refundedMinorUnits, currency: amount.currency) }
}
