import Foundation
import HTTP
import KassaTestSupport
import Sandbox

/// A tiny blocking-socket HTTP POST client as the simulator's push transport (tests only).
struct SocketPushTransport: SimulatorPushTransport {
    func post(url: String, body: [UInt8], contentType: String) async -> Int? {
        guard let parsed = URL(string: url), let port = parsed.port else { return nil }
        return await Task.detached {
            guard let client = try? RawClient(port: port, timeout: 2) else { return nil }
            var head = "POST \(parsed.path) HTTP/1.1\r\nHost: \(parsed.host ?? "127.0.0.1"):\(port)\r\n"
            head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            client.send(Array(head.utf8) + body)
            return try? client.readResponse().status
        }.value
    }
}

/// A server that records the pushes it receives; answers `failures` 503s first.
final class PushReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [[String: Any]] = []
    private var attempts = 0
    private let failures: Int
    let server: HTTPServer

    init(failures: Int = 0) throws {
        self.failures = failures
        var router = Router()
        let box = Box()
        router.on("POST", "/push") { request in box.receiver?.receive(request) ?? .json(500, "{}") }
        server = HTTPServer(configuration: .forTests, responder: router)
        box.receiver = self
        try server.start()
    }

    private final class Box: @unchecked Sendable { weak var receiver: PushReceiver? }

    var url: String { "http://127.0.0.1:\(server.port)/push" }

    /// The pushes accepted so far, in arrival order.
    var pushes: [[String: Any]] { lock.lock(); defer { lock.unlock() }; return received }

    /// Every POST, accepted or not.
    var attemptCount: Int { lock.lock(); defer { lock.unlock() }; return attempts }

    private func receive(_ request: Request) -> Response {
        lock.lock()
        defer { lock.unlock() }
        attempts += 1
        guard attempts > failures else { return .json(503, "{}") }
        if let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] {
            received.append(object)
        }
        return .json(200, "{}")
    }

    func stop() async { await server.shutdown() }
}
