import FoundationEssentials

/// A provider notification as received, stored before Kassa answers 2xx so it is never lost.
public struct WebhookInboxItem: Hashable, Sendable {
    /// Whether the notification's signature checked out.
    public enum Verification: String, Hashable, Sendable {
        /// Signature present and valid.
        case verified
        /// Signature present and wrong: kept for the operator, never acted upon.
        case rejected
        /// The provider does not sign this kind (Pledg's split-end notice): only a hint to re-fetch.
        case unsigned
    }

    /// Row id (increasing).
    public var id: Int64
    /// Which provider sent it.
    public var provider: ProviderID
    /// The raw body as received (card data must be masked by the caller before storing), or
    /// its first bytes when it was stored capped (`receivedSize` is then larger).
    public var body: [UInt8]
    /// The body's size as received.
    public var receivedSize: Int
    /// Selected request headers, e.g. signature headers.
    public var headers: [String: String]
    /// Verification result.
    public var verification: Verification
    /// When it arrived.
    public var receivedAt: Date
    /// When it was processed; nil while waiting.
    public var processedAt: Date?
    /// What processing concluded (`applied`, `ignored: …`, an error).
    public var result: String?
    /// The status a verified notification reported, as verified when it was received.
    public var trustedStatus: ProviderStatus?
    /// The provider notice an informational notification carried.
    public var notice: ProviderNotice?

    /// An inbox row.
    public init(id: Int64, provider: ProviderID, body: [UInt8], headers: [String: String],
                verification: Verification, receivedAt: Date, processedAt: Date? = nil, result: String? = nil,
                receivedSize: Int? = nil, trustedStatus: ProviderStatus? = nil, notice: ProviderNotice? = nil) {
        self.id = id
        self.provider = provider
        self.body = body
        self.receivedSize = receivedSize ?? body.count
        self.headers = headers
        self.verification = verification
        self.receivedAt = receivedAt
        self.processedAt = processedAt
        self.result = result
        self.trustedStatus = trustedStatus
        self.notice = notice
    }
}
