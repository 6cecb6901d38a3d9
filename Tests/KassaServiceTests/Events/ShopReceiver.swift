import Foundation
import HTTP
import JSON
import KassaTestSupport
import Synchronization

/// The shop's webhook endpoint for a test: a real HTTP server on a loopback port that records
/// every POST (body and signature header) and answers 500 for the checkouts in `failing`,
/// or for all of them while `down` is set.
final class ShopReceiver: Sendable {
    struct Delivery: Sendable {
        let body: [UInt8]
        let signature: String?
        var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }
        var type: String? { json["type"]?.stringValue }
        var checkoutID: String? { json.at("data.checkout.id")?.stringValue }
    }

    private struct State {
        var accepted: [Delivery] = []
        var attempts = 0
        var down = false
        var failing: Set<String> = []
    }

    private final class Box: Sendable { let state = Mutex(State()) }
    private let box = Box()
    private let server: HTTPServer

    /// A receiver on a free port, or on `port` (a receiver coming back where it was).
    init(port: Int = 0) throws {
        let box = self.box
        var router = Router()
        router.on("POST", "/kassa-events") { request in
            let delivery = Delivery(body: request.body, signature: request.headers["Kassa-Signature"])
            return box.state.withLock { state in
                state.attempts += 1
                if state.down || delivery.checkoutID.map(state.failing.contains) == true { return Response(status: 500) }
                state.accepted.append(delivery)
                return Response(status: 204)
            }
        }
        var configuration = HTTPServer.Configuration.forTests
        configuration.port = port
        server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
    }

    var port: Int { server.port }
    var url: String { "http://127.0.0.1:\(server.port)/kassa-events" }
    /// The deliveries answered 2xx, in arrival order.
    var accepted: [Delivery] { box.state.withLock { $0.accepted } }
    /// Every POST, answered 2xx or not.
    var attempts: Int { box.state.withLock { $0.attempts } }
    /// Whether every POST is answered 500.
    func setDown(_ down: Bool) { box.state.withLock { $0.down = down } }
    /// Checkouts whose events are answered 500.
    func setFailing(_ ids: Set<String>) { box.state.withLock { $0.failing = ids } }

    func stop() async { await server.shutdown() }
}

/// A clock the test moves by hand: the store and the delivery schedule read it.
final class MovableClock: Sendable {
    private let current = Mutex(Date())
    var now: Date { current.withLock { $0 } }
    func advance(seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var read: @Sendable () -> Date { { [self] in self.now } }
}
