import Foundation
import XCTest

/// `kassa check-config` as a process, on good and bad files.
final class CheckConfigCommandTests: XCTestCase {
    private var directory = ""

    override func setUp() {
        directory = NSTemporaryDirectory() + "kassa-check-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        // The test bundle sits beside the built products (.build/debug/KassaPackageTests.xctest).
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var binary = products.appendingPathComponent("kassa")
        if !FileManager.default.fileExists(atPath: binary.path) {
            binary = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/kassa")
        }
        // `swift build --build-tests` builds it; a missing binary is a failure, never a skip.
        guard FileManager.default.fileExists(atPath: binary.path) else {
            XCTFail("the kassa binary is not built at \(binary.path)")
            return (-1, "")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    private func write(_ name: String, _ text: String) -> String {
        let path = directory + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// Every command answers `--help` with its usage and exit 0, before reading, binding or
    /// writing anything: `serve --help` once started a server.
    func testEveryCommandAnswersHelpWithoutSideEffects() throws {
        let data = directory + "/data"
        for command in ["serve", "check-config", "sandbox", "migrate", "healthcheck"] {
            let (status, output) = try run([command, "--help"], environment: ["KASSA_DATA_DIR": data, "KASSA_PORT": "1"])
            XCTAssertEqual(status, 0, command)
            XCTAssertTrue(output.hasPrefix("usage: kassa \(command)"), output)
        }
        XCTAssertTrue(try run(["serve", "-h"]).1.contains("[--host H] [--port N]"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: data), "--help created the data directory")
        let (status, output) = try run(["--help"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(output.contains("kassa serve [--config PATH] [--host H] [--port N]"), output)
    }

    /// The container's HEALTHCHECK: 0 when /healthz answers 200, 1 when nothing listens.
    func testHealthcheckExitsZeroOnlyWhenTheInstanceAnswers() async throws {
        let harness = try ServiceHarness()
        let up = try run(["healthcheck", "--url", harness.base + "/healthz"])
        let port = harness.service.port
        await harness.shutdown()
        XCTAssertEqual(up.0, 0, up.1)
        let down = try run(["healthcheck", "--url", "http://127.0.0.1:\(port)/healthz"])
        XCTAssertEqual(down.0, 1, down.1)
        XCTAssertTrue(down.1.contains("did not answer"), down.1)
    }

    func testGoodFileIsValidAndNeverPrintsASecret() throws {
        let secret = "sk_live_very_secret_key_0001"
        let path = write("good.json", #"{"port": 9090, "api_keys": ["\#(secret)"], "data_dir": "/tmp/kassa-x"}"#)
        let (status, output) = try run(["check-config", "--config", path])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("configuration is valid (sandbox mode)"), output)
        XCTAssertTrue(output.contains("port = 9090"), output)
        XCTAssertTrue(output.contains("api_keys = [set (28 chars)]"), output)
        XCTAssertFalse(output.contains(secret))
    }

    func testBadFileListsEveryProblemWithItsPath() throws {
        let path = write("bad.json", #"{"port": "eighty", "providers": {"secuconnect": {"clinet_id": "x"}}, "mode": "live"}"#)
        let (status, output) = try run(["check-config", "--config", path])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("configuration is invalid"), output)
        XCTAssertTrue(output.contains("port"), output)
        XCTAssertTrue(output.contains("providers.secuconnect.clinet_id: unknown key"), output)
    }

    func testEnvironmentOverridesAndSecretFilesAreRead() throws {
        let keyFile = write("keys", "sk_from_file_000000001\n")
        let (status, output) = try run(["check-config"], environment: ["KASSA_PORT": "7070", "KASSA_API_KEYS_FILE": keyFile])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("port = 7070"), output)
        XCTAssertTrue(output.contains("api_keys = [set (22 chars)]"), output)
        XCTAssertFalse(output.contains("sk_from_file"))
    }

    func testMissingRequestedFileFails() throws {
        let (status, output) = try run(["check-config", "--config", directory + "/absent.json"])
        XCTAssertEqual(status, 1, output)
    }
}
