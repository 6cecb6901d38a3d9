import Payments

/// Why the checkout service did not do what it was asked, in domain terms. The REST handlers
/// (`PaymentAPI.problem(for:)`) turn each case into a problem document; the reconciler and the
/// webhook processing only log it.
enum CheckoutServiceError: Error, Sendable {
    /// No checkout has this id.
    case checkoutNotFound(CheckoutID)
    /// The checkout's provider is no longer enabled.
    case providerNotConfigured(ProviderID)
    /// The provider refused, failed or could not be reached; `checkout` is the attempt as it
    /// is now, when there is one.
    case provider(ProviderError, checkout: Checkout?)
    /// Starting the attempt failed at the provider: the attempt is stored as `failed`.
    case creationFailed(ProviderError, checkout: Checkout)
    /// The provider cannot do `operation`; `hint` is its own advice on what to do instead.
    case unsupported(operation: String, hint: String)
    /// The checkout's status does not allow `operation`.
    case invalidStatus(operation: String, status: Checkout.Status)
    /// The request lacks what the provider needs (nothing was stored).
    case invalidRequest([ProviderFieldError])
}
