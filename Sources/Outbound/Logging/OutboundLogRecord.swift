/// What the client reports about one call to the configured log hook.
///
/// Never carries headers (they hold credentials) nor the query string (SG Connect's
/// `?access_token=` variant would leak a token). Bodies only when the client's
/// `logsBodies` debug flag is on, and then redacted by `Redactor`.
public struct OutboundLogRecord: Sendable, Equatable {
    /// The request method.
    public var method: String
    /// The host the request went to.
    public var host: String
    /// The URL path, without query or fragment.
    public var path: String
    /// The response status, or nil when the call failed.
    public var status: Int?
    /// The error's `shortDescription` when the call failed.
    public var error: String?
    /// Time from `send` to its result.
    public var duration: Duration
    /// The redacted request body, only with `logsBodies`.
    public var requestBody: String?
    /// The redacted response body, only with `logsBodies`.
    public var responseBody: String?
}
