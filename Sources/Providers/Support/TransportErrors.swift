import Outbound
import Payments

/// The `ProviderError` a failed call means, the same for every adapter: whether the provider
/// can have acted decides between `notSent` (safe to retry) and `outcomeUnknown` (the checkout
/// becomes `needs_sync`).
public enum TransportErrors {
    /// A failure to get an answer at all from `provider`. An OAuth failure means the API call
    /// never left (`OAuthError.isOutcomeUnknown` is always false); rejected credentials are
    /// configuration, and `credentialFields` names where they are configured.
    public static func providerError(_ error: any Error, provider: String, credentialFields: String) -> ProviderError {
        if let oauth = error as? OAuthError {
            return oauth.isConfigurationError
                ? .configuration("\(provider) refused the client credentials; check \(credentialFields)")
                : .notSent("\(provider): no access token (\(oauth.shortDescription))")
        }
        if let outbound = error as? OutboundError {
            return outbound.isOutcomeUnknown
                ? .outcomeUnknown("\(provider): sent, no answer (\(outbound.shortDescription))")
                : .notSent("\(provider): not sent (\(outbound.shortDescription))")
        }
        if let failure = error as? any OutboundFailure, !failure.isOutcomeUnknown {
            return .notSent("\(provider): not sent")
        }
        return .outcomeUnknown("\(provider): the call failed")
    }
}
