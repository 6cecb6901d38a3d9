/// An error from an outbound call that knows whether the provider may have acted on it.
/// `OutboundError` and `OAuthError` conform, so the domain decides between `failed` and
/// `needs_sync` with one check, whichever layer failed.
public protocol OutboundFailure: Error {
    /// True when the request may have reached the provider and been acted upon.
    var isOutcomeUnknown: Bool { get }
}

extension OutboundError: OutboundFailure {}
