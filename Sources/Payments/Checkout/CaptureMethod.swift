/// When an approved payment is captured (Stripe's `capture_method`).
public enum CaptureMethod: String, Hashable, Sendable, CaseIterable {
    /// The approval captures: the checkout goes straight to `paid`.
    case automatic
    /// The approval only authorizes (`authorized`); the shop captures later
    /// (`POST /v1/checkouts/{id}/capture`) or cancels.
    case manual
}
