import Foundation
import KassaTestSupport
import XCTest

/// `kassa serve` maps libcurl and its dependency chain only when it first talks to a provider
/// (see docs/outbound.md, "Loading libcurl"), and OpenSSL's libcrypto only on its first digest,
/// MAC or random id: a real process, its /proc maps, a real checkout.
final class LazyLibraryTests: XCTestCase {
    // Built next to the test bundle by `swift build --build-tests` (scripts/test).
    private var kassaURL: URL {
        let besideTests = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kassa")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kassa")
    }

    func testLibcurlAndLibcryptoAreMappedOnlyOnceNeeded() async throws {
        guard FileManager.default.isExecutableFile(atPath: kassaURL.path) else {
            return XCTFail("kassa not built at \(kassaURL.path); run swift build --build-tests first")
        }
        let port = try freePort()
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("kassa-lazy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let process = Process()
        process.executableURL = kassaURL
        process.arguments = ["serve", "--port", String(port)]
        process.environment = ["KASSA_DATA_DIR": dataDir.path, "KASSA_LOG_LEVEL": "error", "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }

        var healthy = false
        for _ in 0..<100 where !healthy {
            healthy = (try? send("GET", port, "/healthz"))?.status == 200
            if !healthy { try await Task.sleep(for: .milliseconds(100)) }
        }
        XCTAssertTrue(healthy, "kassa serve did not answer /healthz")
        for _ in 0..<50 { _ = try send("GET", port, "/healthz") }
        XCTAssertFalse(try maps("libcurl", process.processIdentifier), "libcurl mapped before any provider call")
        // A refused key of the right length is compared in constant time by libcrypto: that loads it.
        XCTAssertFalse(try maps("libcrypto", process.processIdentifier), "libcrypto mapped before any use")
        XCTAssertEqual(try send("GET", port, "/v1/events", headers: "Authorization: Bearer sk_sandbox_wrong\r\n").status, 401)
        XCTAssertTrue(try maps("libcrypto", process.processIdentifier), "a key was compared without libcrypto?")

        let created = try send("POST", port, "/v1/checkouts", body: checkoutBody(),
                               headers: "Authorization: Bearer sk_sandbox_kassa\r\nContent-Type: application/json\r\n")
        XCTAssertEqual(created.status, 201, created.body)
        XCTAssertTrue(try maps("libcurl", process.processIdentifier), "a checkout went out without libcurl loaded?")
    }

    private func maps(_ library: String, _ pid: Int32) throws -> Bool {
        // /proc files report size 0: read to the end rather than by the size.
        let handle = try XCTUnwrap(FileHandle(forReadingAtPath: "/proc/\(pid)/maps"))
        defer { try? handle.close() }
        let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        XCTAssertTrue(maps.contains("libc.so"), "could not read the maps of \(pid)")
        return maps.contains(library)
    }

    private func send(_ method: String, _ port: Int, _ path: String, body: String = "",
                      headers: String = "") throws -> (status: Int, body: String) {
        let reply = try RawClient.exchange(port: port, "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)"
                                           + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        return (reply.status, String(decoding: reply.body, as: UTF8.self))
    }

    private func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
