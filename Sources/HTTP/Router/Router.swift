/// Routes requests by method and path pattern. HEAD is served by the GET route (the writer
/// drops the body); OPTIONS is answered with `Allow` (for a path, or the server with `*`); a path
/// that exists under another method, whatever the method, is 405 with `Allow`; elsewhere a method
/// neither standard nor used by a route is 501 (RFC 9110 §9.1) and any other is 404. Errors are
/// problem+json.
public struct Router: HTTPResponder {
    /// A route's handler: the request with its path parameters filled in.
    public typealias Handler = nonisolated(nonsending) @Sendable (Request) async -> Response
    /// A handler that never waits (health, echo): the server calls it without starting a task.
    public typealias ImmediateHandler = @Sendable (Request) -> Response
    /// What a route was registered with for a middleware in front of the router (the service's
    /// route description), handed back by `match`: one route match per request serves both.
    public typealias Tag = AnyObject & Sendable

    /// A class: the route list is walked on every request, and a reference is one retain.
    fileprivate final class Route: Sendable {
        let method: String
        let pattern: RoutePattern
        let bodyLimit: Int?
        let handler: Handler
        let immediate: ImmediateHandler?
        let tag: Tag?

        init(method: String, pattern: RoutePattern, bodyLimit: Int?, handler: @escaping Handler, immediate: ImmediateHandler?,
             tag: Tag?) {
            self.method = method
            self.pattern = pattern
            self.bodyLimit = bodyLimit
            self.handler = handler
            self.immediate = immediate
            self.tag = tag
        }
    }

    /// Where a request goes: a route (with its path parameters when the pattern has any), or
    /// an answer the router gives itself (404, 405, …). It holds no copy of the request: a
    /// copy is a dozen reference counts, and a literal route hands on the request itself.
    fileprivate enum Resolution: Sendable {
        case route(Route, parameters: [String: String])
        case answer(Response)
    }

    /// Where a request goes, as `match` found it, for `respond(to:matched:)`.
    public struct Match: Sendable {
        /// The tag of the route for the request's method, or else of the first route for its
        /// path under another method (a 405); nil when no route has the path or none has a tag.
        public let tag: Tag?
        fileprivate let resolution: Resolution
    }

    /// `request` with the path parameters of a pattern that has some.
    private static func routed(_ request: Request, _ parameters: [String: String]) -> Request {
        var routed = request
        routed.parameters = parameters
        return routed
    }

    private var routes: [Route] = []

    /// The methods of RFC 9110 §9 and PATCH (RFC 5789): recognized, so 405 where not routed.
    private static let standardMethods: Set = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// An empty router.
    public init() {}

    /// Adds a route. Two routes with the same method and pattern are a programmer error.
    public mutating func on(_ method: String, _ pattern: String, bodyLimit: Int? = nil, tag: Tag? = nil,
                            _ handler: @escaping Handler) {
        add(method, pattern, bodyLimit: bodyLimit, handler: handler, immediate: nil, tag: tag)
    }

    /// Adds a route whose handler never waits: it answers inside the read event, with no task.
    /// A name of its own, not an overload of `on`: a closure without `await` would otherwise
    /// silently pick this one.
    public mutating func onImmediate(_ method: String, _ pattern: String, bodyLimit: Int? = nil, tag: Tag? = nil,
                                     _ handler: @escaping ImmediateHandler) {
        add(method, pattern, bodyLimit: bodyLimit, handler: { handler($0) }, immediate: handler, tag: tag)
    }

    private mutating func add(_ method: String, _ pattern: String, bodyLimit: Int?, handler: @escaping Handler,
                              immediate: ImmediateHandler?, tag: Tag?) {
        let compiled = RoutePattern(pattern)
        precondition(!routes.contains { $0.method == method && $0.pattern == compiled }, "duplicate route \(method) \(pattern)")
        routes.append(Route(method: method, pattern: compiled, bodyLimit: bodyLimit, handler: handler, immediate: immediate, tag: tag))
    }

    public func bodyLimit(for head: RequestHead) -> Int? {
        var path = RequestPath(head.path)
        return routes.first { $0.method == head.method && $0.pattern.match(&path) != nil }?.bodyLimit
    }

    public nonisolated(nonsending) func respond(to request: Request) async -> Response {
        await respond(to: request, matched: match(request))
    }

    /// The router's own answers and the routes with an immediate handler; nil for the others.
    public func respondImmediately(to request: Request) -> Response? {
        respondImmediately(to: request, matched: match(request))
    }

    /// `respond(to:)` for a request already matched.
    public nonisolated(nonsending) func respond(to request: Request, matched: Match) async -> Response {
        switch matched.resolution {
        case .answer(let response): response
        // A literal route hands on the request itself, uncopied.
        case .route(let route, let parameters):
            parameters.isEmpty ? await route.handler(request) : await route.handler(Self.routed(request, parameters))
        }
    }

    /// `respondImmediately(to:)` for a request already matched.
    public func respondImmediately(to request: Request, matched: Match) -> Response? {
        switch matched.resolution {
        case .answer(let response): response
        case .route(let route, let parameters):
            parameters.isEmpty ? route.immediate?(request) : route.immediate?(Self.routed(request, parameters))
        }
    }

    /// Where `request` goes.
    public func match(_ request: Request) -> Match {
        if request.method == "OPTIONS", request.path == "*" {
            return Match(tag: nil, resolution: .answer(Response(status: 200, headers: ["Allow": Self.allow(routes.map(\.method))])))
        }
        var path = RequestPath(request.path)
        if !path.isPlain, path.segments() == nil {
            return Match(tag: nil, resolution: .answer(.problem(400, detail: "the path has an invalid percent-encoding")))
        }
        let method = request.method == "HEAD" ? "GET" : request.method
        var allowed: [String] = []
        var otherTag: Tag?
        for route in routes {
            guard let parameters = route.pattern.match(&path) else { continue }
            if route.method == method { return Match(tag: route.tag, resolution: .route(route, parameters: parameters)) }
            allowed.append(route.method)
            if otherTag == nil { otherTag = route.tag }
        }
        return Match(tag: otherTag, resolution: .answer(unrouted(request, allowed: allowed)))
    }

    /// The answer for a request no route takes, given the methods its path has routes for.
    private func unrouted(_ request: Request, allowed: [String]) -> Response {
        // A path that exists answers any other method 405 with `Allow` (RFC 9110 §15.5.6), an
        // unknown method too: the client learns what the resource takes, and the OpenAPI
        // document (and schemathesis's unsupported-method check) promise exactly that. 501
        // (§15.6.2) is left for a method nobody routes on a path nobody routes.
        guard !allowed.isEmpty else {
            // Checked only now, off the path of routed requests.
            guard Self.standardMethods.contains(request.method) || routes.contains(where: { $0.method == request.method }) else {
                return .problem(501, detail: "the method \(request.method) is not implemented by this server")
            }
            return .problem(404, detail: "no resource at \(request.path)")
        }
        let allow = Self.allow(allowed)
        if request.method == "OPTIONS" { return Response(status: 200, headers: ["Allow": allow]) }
        return .problem(405, detail: "\(request.method) is not allowed here; allowed: \(allow)", headers: ["Allow": allow])
    }

    /// The `Allow` value for routes with these methods: HEAD wherever GET is, and OPTIONS.
    private static func allow(_ methods: [String]) -> String {
        var seen = Set<String>()
        var result = methods.filter { seen.insert($0).inserted }
        if seen.contains("GET"), !seen.contains("HEAD") { result.append("HEAD") }
        if !seen.contains("OPTIONS") { result.append("OPTIONS") }
        return result.joined(separator: ", ")
    }

    /// The path's segments, each percent-decoded after splitting (so `%2F` stays inside one);
    /// nil for an invalid percent-encoding.
    public static func segments(of path: String) -> [String]? {
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let decoded = PercentDecoding.decode(part) else { return nil }
            result.append(decoded)
        }
        return result
    }
}
