/// What the server hands complete requests to. One method; everything else is optional.
public protocol HTTPResponder: Sendable {
    /// Answers `request`. Runs as an async task: awaiting a slow provider holds no thread.
    nonisolated(nonsending) func respond(to request: Request) async -> Response

    /// The body limit for a request with this head, or nil for the server's default.
    /// Decided before any body byte is read (413 from Content-Length).
    func bodyLimit(for head: RequestHead) -> Int?
}

extension HTTPResponder {
    public func bodyLimit(for head: RequestHead) -> Int? { nil }
}
