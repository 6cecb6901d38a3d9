import JSON
import Outbound

/// The demo shop's server part talking to Kassa the way any shop's server does: over HTTP,
/// through the public `/v1` API with an API key, here Kassa's own on the loopback address
/// (the instance it is mounted in). The key stays on the server; the browser only ever sees
/// the shop's pages and `next_action`.
struct DemoShopClient: Sendable {
    /// Kassa's answer: its status and JSON body (nil when the body was not JSON).
    struct Answer: Sendable {
        let status: Int
        let body: JSONValue?
    }

    /// Where this instance listens (`loopbackBase`), e.g. `http://127.0.0.1:8080`.
    let apiBase: String
    let apiKey: String
    let client: OutboundClient

    /// One call; nil when Kassa could not be reached at all.
    func send(_ method: OutboundRequest.Method, _ path: String, body: JSONValue? = nil,
              idempotencyKey: String? = nil) async -> Answer? {
        var headers: OutboundHeaders = ["Authorization": "Bearer " + apiKey, "Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        if let idempotencyKey { headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        let request = OutboundRequest(method: method, url: apiBase + path, headers: headers, body: body?.serialized() ?? [],
                                      timeouts: OutboundTimeouts(total: .seconds(60), connect: .seconds(5)))
        guard let response = try? await client.send(request) else { return nil }
        return Answer(status: response.status, body: try? JSONValue.parse(response.body))
    }

    /// Where a server bound to `host`:`port` reaches itself: a wildcard address on the
    /// loopback address of its family, a named address as it is.
    static func loopbackBase(host: String, port: Int) -> String {
        switch host {
        case "", "0.0.0.0": "http://127.0.0.1:\(port)"
        case "::": "http://[::1]:\(port)"
        default: host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        }
    }
}
