/// The smallest and largest amount an account takes, in minor units; nil: no limit. The rule
/// an adapter's `validate` applies, so a checkout and a payment option agree on it.
public struct AmountLimits: Sendable, Equatable {
    /// The smallest amount taken; nil: none.
    public var minimum: Int64?
    /// The largest amount taken; nil: none.
    public var maximum: Int64?

    /// No limit.
    public static let none = AmountLimits(minimum: nil, maximum: nil)

    /// Limits of `minimum` and `maximum` minor units.
    public init(minimum: Int64?, maximum: Int64?) {
        (self.minimum, self.maximum) = (minimum, maximum)
    }

    /// The limits from configuration integers, where 0 means none.
    public init(configuredMinimum: Int, maximum: Int) {
        self.init(minimum: configuredMinimum > 0 ? Int64(configuredMinimum) : nil, maximum: maximum > 0 ? Int64(maximum) : nil)
    }

    /// The error at `order.amount` when `amount` is outside the limits, naming `what` (the
    /// account or the product), or nil.
    public func problem(_ amount: Int64, what: String) -> ProviderFieldError? {
        if let minimum, amount < minimum {
            return ProviderFieldError(field: "order.amount", message: "\(what) takes at least \(minimum) minor units", reason: .amountBelowMinimum)
        }
        if let maximum, amount > maximum {
            return ProviderFieldError(field: "order.amount", message: "\(what) takes at most \(maximum) minor units", reason: .amountAboveMaximum)
        }
        return nil
    }
}
