import Outbound
import Sandbox

/// The SmartPay simulator's webhooks sent through Kassa's outbound client, with their Basic
/// `Authorization` header, so that they reach `/v1/webhooks/smartpay` over a real socket.
struct OutboundSmartPayWebhookTransport: SmartPayWebhookTransport {
    let client: OutboundClient

    func post(url: String, body: [UInt8], headers: [(name: String, value: String)]) async -> Int? {
        var fields: OutboundHeaders = [:]
        for header in headers { fields.replaceOrAdd(name: header.name, value: header.value) }
        let request = OutboundRequest(method: .post, url: url, headers: fields, body: body,
                                      timeouts: OutboundTimeouts(total: .seconds(10), connect: .seconds(5)))
        return try? await client.send(request).status
    }
}
