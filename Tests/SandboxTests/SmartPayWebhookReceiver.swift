import Foundation
import HTTP
import KassaTestSupport
import Sandbox

/// A tiny blocking-socket HTTP POST client as the simulator's webhook transport (tests only).
struct SmartPaySocketWebhookTransport: SmartPayWebhookTransport {
    func post(url: String, body: [UInt8], headers: [(name: String, value: String)]) async -> Int? {
        guard let parsed = URL(string: url), let port = parsed.port else { return nil }
        return await Task.detached {
            guard let client = try? RawClient(port: port, timeout: 2) else { return nil }
            var head = "POST \(parsed.path) HTTP/1.1\r\nHost: \(parsed.host ?? "127.0.0.1"):\(port)\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            client.send(Array(head.utf8) + body)
            return try? client.readResponse().status
        }.value
    }
}

/// A server that records the webhooks it receives with their `Authorization` header; answers
/// `failures` 503s first.
final class SmartPayWebhookReceiver: @unchecked Sendable {
    struct Delivery {
        let body: [String: Any]
        let authorization: String?
        let contentType: String?
    }

    private let lock = NSLock()
    private var received: [Delivery] = []
    private var attempts = 0
    private let failures: Int
    let server: HTTPServer

    init(failures: Int = 0) throws {
        self.failures = failures
        var router = Router()
        let box = Box()
        router.on("POST", "/v1/webhooks/smartpay") { request in box.receiver?.receive(request) ?? .json(500, "{}") }
        server = HTTPServer(configuration: .forTests, responder: router)
        box.receiver = self
        try server.start()
    }

    private final class Box: @unchecked Sendable { weak var receiver: SmartPayWebhookReceiver? }

    var url: String { "http://127.0.0.1:\(server.port)/v1/webhooks/smartpay" }

    /// The webhooks accepted so far, in arrival order.
    var deliveries: [Delivery] { lock.lock(); defer { lock.unlock() }; return received }

    /// Every POST, accepted or not.
    var attemptCount: Int { lock.lock(); defer { lock.unlock() }; return attempts }

    private func receive(_ request: Request) -> Response {
        lock.lock()
        defer { lock.unlock() }
        attempts += 1
        guard attempts > failures else { return .json(503, "{}") }
        if let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] {
            received.append(Delivery(body: object, authorization: request.headers["Authorization"], contentType: request.headers["Content-Type"]))
        }
        return .json(200, "{}")
    }

    func stop() async { await server.shutdown() }
}
