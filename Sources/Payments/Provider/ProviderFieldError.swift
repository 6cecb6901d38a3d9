/// A field of a checkout request that a provider cannot take, found before anything is stored
/// (`PaymentProvider.validate(_:)`): the shop gets a 422 naming it and no attempt exists.
public struct ProviderFieldError: Sendable, Equatable, CustomStringConvertible {
    /// The request field, dotted as in the API (`customer.email`, `order.items[0].name`).
    public var field: String
    /// What is wrong, safe to show to the shop.
    public var message: String

    /// An error at `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}
