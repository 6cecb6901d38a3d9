import Outbound
import Sandbox

/// The simulators' push notifications sent through Kassa's outbound client, so that a push to
/// Kassa's own webhook URL travels over a real socket like the real provider's would.
public struct OutboundPushTransport: SimulatorPushTransport {
    let client: OutboundClient

    /// Pushes through `client`.
    public init(client: OutboundClient) { self.client = client }

    public func post(url: String, body: [UInt8], contentType: String) async -> Int? {
        let request = OutboundRequest(method: .post, url: url, headers: ["Content-Type": contentType], body: body,
                                      timeouts: OutboundTimeouts(total: .seconds(10), connect: .seconds(5)))
        return try? await client.send(request).status
    }
}
