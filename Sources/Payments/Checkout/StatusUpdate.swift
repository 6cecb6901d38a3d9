/// What a provider said about a checkout, already mapped to the unified model by the provider
/// adapter: the input of `Checkout.StateMachine` and of `PaymentStore.apply(_:to:)`.
public struct StatusUpdate: Hashable, Sendable {
    /// Where the news came from.
    public var source: CheckoutEvent.Source
    /// The unified status the provider's answer maps to.
    public var status: Checkout.Status
    /// The provider's raw status, kept beside the unified one in every event.
    public var providerStatus: String
    /// The payment amount the provider reported, when its answer carries one: checked
    /// against the checkout (a mismatch is an integrity event, never applied).
    public var amount: Money?
    /// The total refunded so far according to the provider, when it says.
    public var refundedAmount: Money?
    /// Provider news carried by the same answer (a chargeback): each recorded as a `notice`
    /// event once per checkout, in the same transaction, whatever the status does.
    public var notices: [ProviderNotice]

    /// An update; `amount` and `refundedAmount` only when the provider's answer carries them.
    public init(source: CheckoutEvent.Source, status: Checkout.Status, providerStatus: String,
                amount: Money? = nil, refundedAmount: Money? = nil, notices: [ProviderNotice] = []) {
        self.source = source
        self.status = status
        self.providerStatus = providerStatus
        self.amount = amount
        self.refundedAmount = refundedAmount
        self.notices = notices
    }
}
