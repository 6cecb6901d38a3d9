/// A field of a checkout request that a provider cannot take, found before anything is stored
/// (`PaymentProvider.validate(_:)`): the shop gets a 422 naming it and no attempt exists.
/// `POST /v1/payment-options` reports the same errors as the reasons an option is not eligible,
/// so that the two answers can never disagree.
public struct ProviderFieldError: Sendable, Equatable, CustomStringConvertible {
    /// What kind of rule the field breaks: the `code` of a payment option's reason.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// The provider needs a field the request does not have.
        case missingField = "missing_field"
        /// The field is there, but the provider cannot take its value.
        case invalidField = "invalid_field"
        /// The provider (or this account) does not take the buyer's country.
        case country
        /// The provider does not take the order's currency.
        case currency
        /// The amount is below the provider's or the account's minimum.
        case amountBelowMinimum = "amount_below_minimum"
        /// The amount is above the provider's or the account's maximum.
        case amountAboveMaximum = "amount_above_maximum"
    }

    /// The request field, dotted as in the API (`customer.email`, `order.items[0].name`).
    public var field: String
    /// What is wrong, safe to show to the shop.
    public var message: String
    /// The kind of rule; `invalidField` unless the adapter says more.
    public var reason: Reason

    /// An error at `field`.
    public init(field: String, message: String, reason: Reason = .invalidField) {
        self.field = field
        self.message = message
        self.reason = reason
    }

    /// A field the provider needs and the request lacks.
    public static func missing(_ field: String, _ message: String) -> Self { Self(field: field, message: message, reason: .missingField) }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}
