import Foundation
import HTTP
import KassaTestSupport
import XCTest

/// Mounts a simulator's routes under `prefix` on a real server on a loopback port (port 0).
func startSimulatorServer(prefix: String, _ register: (inout Router, String) -> Void) throws -> HTTPServer {
    var router = Router()
    register(&router, prefix)
    let server = HTTPServer(configuration: .forTests, responder: router)
    try server.start()
    return server
}

/// One request on a new connection to `port`: the request line, `lines` (fixed header lines as
/// written), `headers` sorted by name, then the body with its type and length; without a body
/// `Content-Type: emptyContentType` when given, and `Content-Length: 0`.
func loopbackRequest(port: Int, _ method: String, _ target: String, lines: [String], headers: [String: String],
                     body: String?, contentType: String, emptyContentType: String? = nil,
                     timeout: Double) throws -> RawClient.Reply {
    var text = "\(method) \(target) HTTP/1.1\r\n"
    for line in lines { text += line + "\r\n" }
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
    if let body {
        text += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    } else {
        if let emptyContentType { text += "Content-Type: \(emptyContentType)\r\n" }
        text += "Content-Length: 0\r\n\r\n"
    }
    return try loopbackRaw(port: port, text, timeout: timeout)
}

/// `text` as one request on a new connection to `port`.
func loopbackRaw(port: Int, _ text: String, timeout: Double) throws -> RawClient.Reply {
    let client = try RawClient(port: port, timeout: timeout)
    client.send(text)
    return try client.readResponse()
}

/// The reply's body as a JSON object (fails the test otherwise).
func jsonObject(_ reply: RawClient.Reply) throws -> [String: Any] {
    try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], reply.text)
}
