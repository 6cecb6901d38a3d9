/// What the server hands complete requests to. One method; everything else is optional.
public protocol HTTPResponder: Sendable {
    /// Answers `request`. Runs as an async task: awaiting a slow provider holds no thread.
    nonisolated(nonsending) func respond(to request: Request) async -> Response

    /// Answers `request` at once when nothing needs awaiting (a route with a synchronous
    /// handler, or an answer the responder gives itself, such as a 404); nil means "run
    /// `respond(to:)` as a task". Called first, on the connection's loop, for every request,
    /// so it must be quick, and a nil must leave nothing behind that `respond` would repeat.
    func respondImmediately(to request: Request) -> Response?

    /// The body limit for a request with this head, or nil for the server's default.
    /// Decided before any body byte is read (413 from Content-Length).
    func bodyLimit(for head: RequestHead) -> Int?
}

extension HTTPResponder {
    public func respondImmediately(to request: Request) -> Response? { nil }

    public func bodyLimit(for head: RequestHead) -> Int? { nil }
}
