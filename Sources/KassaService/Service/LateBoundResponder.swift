import HTTP
import Synchronization

/// A responder whose target is set after the server has bound its port: the simulator's
/// payment links and the providers' return URLs need the address the server actually got
/// (port 0 in tests). Until then it answers 503.
final class LateBoundResponder: HTTPResponder {
    private let target = Mutex<(any HTTPResponder)?>(nil)

    private static let starting = Response.problem(503, detail: "starting")

    func set(_ responder: any HTTPResponder) { target.withLock { $0 = responder } }

    nonisolated(nonsending) func respond(to request: Request) async -> Response {
        guard let responder = target.withLock({ $0 }) else { return Self.starting }
        return await responder.respond(to: request)
    }

    func respondImmediately(to request: Request) -> Response? {
        guard let responder = target.withLock({ $0 }) else { return Self.starting }
        return responder.respondImmediately(to: request)
    }

    func bodyLimit(for head: RequestHead) -> Int? { target.withLock { $0 }?.bodyLimit(for: head) }
}
