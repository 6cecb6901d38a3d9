/// Something a provider reported that is not a status change — Pledg's "split purchase
/// ended", a SmartPay chargeback — shown to the shop as an event of its own type
/// (`pledg.split_purchase_ended`, `smartpay.chargeback`) and never applied to the checkout.
public struct ProviderNotice: Sendable, Hashable {
    /// The event type: `{provider}.{what}`, lowercase with underscores.
    public var type: String
    /// What the shop may need, as provider text already bounded and masked
    /// (`ProviderMessages.sanitized`): ids, amounts, reason codes. Never card data.
    public var detail: [String: String]
    /// A key that makes the notice unique for its checkout (the provider's id of the
    /// chargeback, the notification's id): the same notice read twice is recorded once.
    public var key: String

    public init(type: String, detail: [String: String] = [:], key: String) {
        (self.type, self.detail, self.key) = (type, detail, key)
    }
}
