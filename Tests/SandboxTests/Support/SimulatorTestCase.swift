import XCTest

/// A test case with the simulator on a live socket and a token for the seed's client.
class SimulatorTestCase: XCTestCase {
    var harness: SimulatorHarness!
    var token: String!

    override func setUp() async throws {
        harness = try SimulatorHarness()
        token = try harness.token()
    }

    override func tearDown() async throws { await harness.stop() }

    /// Posts the hosted page's `choice` and asserts the 303 to `location`.
    func assertRedirect(_ stx: String, _ choice: String, to location: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try harness.checkout(stx, choice)
        XCTAssertEqual(reply.status, 303, reply.text, file: file, line: line)
        XCTAssertEqual(reply.header("Location"), location, file: file, line: line)
    }
}
