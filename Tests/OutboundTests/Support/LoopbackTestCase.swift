import XCTest
@testable import Outbound

/// A test case with a fresh `LoopbackServer` and `OutboundClient` per test, both shut down after it.
class LoopbackTestCase: XCTestCase {
    var server: LoopbackServer!
    var client: OutboundClient!

    /// The client's configuration; subclasses override to change the cap, the log hook….
    var clientConfiguration: OutboundClient.Configuration { OutboundClient.Configuration() }

    override func setUp() async throws {
        server = try LoopbackServer()
        client = OutboundClient(configuration: clientConfiguration)
    }

    override func tearDown() async throws {
        client.shutdown()
        server.stop()
    }
}
