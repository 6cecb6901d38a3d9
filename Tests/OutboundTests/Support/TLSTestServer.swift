import Foundation
import Glibc

/// `openssl s_server` on 127.0.0.1 with a throw-away CA, a server certificate for
/// IP 127.0.0.1 and a client certificate, requiring the client certificate (mTLS).
/// `-www` answers every request with an HTTP/1.0 200 status page.
final class TLSTestServer {
    let directory: URL
    let port: Int
    private let process: Process

    var caPath: String { directory.appendingPathComponent("ca.pem").path }
    var clientCertificatePath: String { directory.appendingPathComponent("client.pem").path }
    var clientKeyPath: String { directory.appendingPathComponent("client.key").path }

    /// Nil when the openssl command line tool is not installed.
    static func start() throws -> TLSTestServer? {
        guard let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first(where: FileManager.default.isExecutableFile) else { return nil }
        return try TLSTestServer(openssl: openssl)
    }

    private init(openssl: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kassa-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
        set -e
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=KassaTestCA
        for who in server client; do
          openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $who.key -out $who.csr -subj /CN=$who
          printf 'subjectAltName=IP:127.0.0.1\\n' > $who.ext
          openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.pem -days 2 -extfile $who.ext
        done
        """
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: "/bin/bash")
        generate.arguments = ["-c", script]
        generate.currentDirectoryURL = directory
        generate.standardError = FileHandle.nullDevice
        generate.standardOutput = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        guard generate.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }

        process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.currentDirectoryURL = directory
        process.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", "server.pem", "-key", "server.key",
                             "-CAfile", "ca.pem", "-Verify", "1", "-www"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Readiness: s_server prints "ACCEPT 127.0.0.1:<port>" once it listens.
        var text = ""
        var found: Int?
        while found == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                found = port
            }
        }
        guard let found else { kill(process.processIdentifier, SIGKILL); throw CocoaError(.fileReadUnknown) }
        port = found
    }

    func stop() {
        if process.isRunning {
            // SIGKILL, not terminate(): the child inherits the test process's signal mask, in
            // which SIGTERM may be blocked, and would then never exit.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
