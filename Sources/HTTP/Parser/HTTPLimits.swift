/// Every bound the parser enforces, one error per limit. Defaults follow nginx's
/// (`large_client_header_buffers 4 8k`, `client_max_body_size 1m`).
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request-line, CRLF excluded → 414.
    public var maxRequestLineLength = 8192
    /// Longest single header field line → 431.
    public var maxFieldLength = 8192
    /// Largest head: request-line plus every field → 431.
    public var maxHeadLength = 32 * 1024
    /// Most header fields → 431.
    public var maxFieldCount = 100
    /// Largest body when a route sets none → 413.
    public var maxBodyLength = 1024 * 1024
    /// Longest chunk-size line with its extensions → 400.
    public var maxChunkLineLength = 1024
    /// Largest trailer section → 431.
    public var maxTrailerLength = 8192

    /// The defaults.
    public init() {}
}
