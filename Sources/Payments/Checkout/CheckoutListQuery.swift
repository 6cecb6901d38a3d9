import FoundationEssentials

/// A page of `GET /v1/checkouts`: the filters (all optional, combined with AND) and the cursor.
/// Checkouts come newest first; `startingAfter` continues after that checkout.
public struct CheckoutListQuery: Sendable, Equatable {
    public var orderReference: String?
    public var status: Checkout.Status?
    public var provider: ProviderID?
    /// Only checkouts created strictly after this instant.
    public var createdAfter: Date?
    /// How many checkouts at most (the API bounds it).
    public var limit: Int
    /// The last checkout of the previous page.
    public var startingAfter: CheckoutID?

    /// A query; without filters it lists every checkout.
    public init(orderReference: String? = nil, status: Checkout.Status? = nil, provider: ProviderID? = nil,
                createdAfter: Date? = nil, limit: Int, startingAfter: CheckoutID? = nil) {
        self.orderReference = orderReference
        self.status = status
        self.provider = provider
        self.createdAfter = createdAfter
        self.limit = limit
        self.startingAfter = startingAfter
    }
}
