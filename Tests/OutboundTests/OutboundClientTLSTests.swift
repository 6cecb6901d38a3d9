import XCTest
@testable import Outbound

/// Live TLS tests against `openssl s_server`: CA bundle and client certificate (mTLS).
final class OutboundClientTLSTests: XCTestCase {
    private var server: TLSTestServer!
    private var client: OutboundClient!

    override func setUp() async throws {
        guard let server = try TLSTestServer.start() else { throw XCTSkip("openssl command line tool not installed") }
        self.server = server
        client = OutboundClient()
    }

    override func tearDown() async throws {
        client?.shutdown()
        server?.stop()
    }

    private var url: String { "https://127.0.0.1:\(server.port)/" }

    func testClientCertificateAndCABundleGiveAResponse() async throws {
        let tls = OutboundTLS(certificatePath: server.clientCertificatePath, privateKeyPath: server.clientKeyPath,
                              caBundlePath: server.caPath)
        let response = try await client.send(OutboundRequest(method: .get, url: url, timeouts: .init(total: .seconds(10)), tls: tls))
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.bodyText.contains("<HTML>"), "s_server -www status page")
    }

    func testServerOutsideTheTrustStoreIsATLSFailureBeforeSend() async throws {
        // No CA bundle: the throw-away CA is not in the system store.
        let tls = OutboundTLS(certificatePath: server.clientCertificatePath, privateKeyPath: server.clientKeyPath)
        do {
            _ = try await client.send(OutboundRequest(method: .get, url: url, timeouts: .init(total: .seconds(10)), tls: tls))
            XCTFail("an untrusted server must not answer")
        } catch let error as OutboundError {
            XCTAssertEqual(error, .tlsFailure)
            XCTAssertFalse(error.isOutcomeUnknown)
        }
    }

    func testMissingClientCertificateIsRefusedByTheServer() async throws {
        do {
            _ = try await client.send(OutboundRequest(method: .get, url: url, timeouts: .init(total: .seconds(10)),
                                                      tls: OutboundTLS(caBundlePath: server.caPath)))
            XCTFail("the server requires a client certificate")
        } catch let error as OutboundError {
            // TLS 1.3 (RFC 8446 §4.4.2.4): the server's "certificate required" alert comes after the
            // client has finished its side of the handshake, possibly after it wrote the request.
            XCTAssertTrue([.tlsFailure, .connectionLostAfterSend, .connectionLostBeforeSend].contains(error), "\(error)")
        }
    }
}
