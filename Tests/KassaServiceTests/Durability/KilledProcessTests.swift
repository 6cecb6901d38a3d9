import Foundation
import Glibc
import KassaTestSupport
import XCTest

/// A real `kassa serve` killed with SIGKILL while a creation waits at the provider, then started
/// again on the same data directory: the request's Idempotency-Key leads to its attempt, marked
/// `needs_sync`, and never to a 409 "retry later".
final class KilledProcessTests: XCTestCase {
    private var process: Process?
    private let dataDirectory = NSTemporaryDirectory() + "kassa-killed-\(UUID().uuidString)"

    override func tearDown() {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    private var kassaURL: URL {
        let besideTests = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kassa")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kassa")
    }

    /// `kassa serve` on `port`; `providerBaseURL` replaces the simulator as secuconnect's API.
    private func serve(port: Int, providerBaseURL: String? = nil) async throws {
        let process = Process()
        process.executableURL = kassaURL
        process.arguments = ["serve", "--port", String(port)]
        var environment = ["KASSA_DATA_DIR": dataDirectory, "KASSA_LOG_LEVEL": "error", "PATH": "/usr/bin:/bin"]
        environment["KASSA_PROVIDERS_SECUCONNECT_BASE_URL"] = providerBaseURL
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        var healthy = false
        for _ in 0..<100 where !healthy {
            healthy = (try? RawClient.exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))?.status == 200
            if !healthy { try await Task.sleep(for: .milliseconds(100)) }
        }
        XCTAssertTrue(healthy, "kassa serve did not answer /healthz")
    }

    private static func create(port: Int, key: String, body: String) throws -> (status: Int, body: String) {
        let reply = try RawClient.exchange(port: port, "POST /v1/checkouts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_sandbox_kassa\r\n"
                                           + "Content-Type: application/json\r\nIdempotency-Key: \(key)\r\n"
                                           + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        return (reply.status, String(decoding: reply.body, as: UTF8.self))
    }

    func testAKeyWhoseProcessWasKilledMidCallLeadsToTheAttemptAfterARestart() async throws {
        guard FileManager.default.isExecutableFile(atPath: kassaURL.path) else {
            return XCTFail("kassa not built at \(kassaURL.path); run swift build --build-tests first")
        }
        let provider = try SilentListener()
        defer { provider.close() }
        let port = try SilentListener.freePort()
        try await serve(port: port, providerBaseURL: "http://127.0.0.1:\(provider.port)")
        let body = checkoutBody()
        let held = Thread { _ = try? Self.create(port: port, key: "killed-1", body: body) }
        held.start()
        XCTAssertTrue(eventually(10) { provider.accepted > 0 }, "the creation must reach the provider")

        kill(try XCTUnwrap(process).processIdentifier, SIGKILL)
        process?.waitUntilExit()

        try await serve(port: port)
        let retry = try Self.create(port: port, key: "killed-1", body: body)
        XCTAssertEqual(retry.status, 202, retry.body)
        XCTAssertTrue(retry.body.contains(#""needs_sync":true"#), retry.body)
        let again = try Self.create(port: port, key: "killed-1", body: body)
        XCTAssertEqual(again.status, 202, again.body)
        let list = try RawClient.exchange(port: port, "GET /v1/checkouts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_sandbox_kassa\r\nConnection: close\r\n\r\n")
        let text = String(decoding: list.body, as: UTF8.self)
        XCTAssertEqual(text.components(separatedBy: #""id":"chk_"#).count - 1, 1, "one attempt only: \(text)")
    }
}

/// A provider that accepts connections and never answers: a call held for as long as the test likes.
final class SilentListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var connections: [Int32] = []

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        fd = socketFD
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        guard bound, listen(socketFD, 16) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(socketFD, nil, nil)
                guard connection >= 0 else { return }
                lock.lock(); connections.append(connection); lock.unlock()
            }
        }
    }

    /// Connections accepted so far.
    var accepted: Int { lock.lock(); defer { lock.unlock() }; return connections.count }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
        lock.lock(); connections.forEach { _ = Glibc.close($0) }; lock.unlock()
    }

    /// A loopback port nobody listens on right now.
    static func freePort() throws -> Int {
        let listener = try SilentListener()
        defer { listener.close() }
        return listener.port
    }
}
