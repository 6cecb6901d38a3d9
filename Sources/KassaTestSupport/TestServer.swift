import HTTP
#if canImport(Glibc)
import Glibc
#endif

extension HTTPServer.Configuration {
    /// A server for live-socket tests: a free loopback port (read it from `HTTPServer.port`
    /// after `start()`), no background timeout checks, and a 200 ms shutdown grace period.
    public static var forTests: HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration()
        configuration.port = 0
        configuration.timeoutCheckInterval = nil
        configuration.shutdownGracePeriod = .milliseconds(200)
        configuration.readiness = testReadiness
        return configuration
    }

    /// The readiness mode live-socket tests run with: `KASSA_TEST_HTTP_READINESS` (per_loop or
    /// per_connection), else the default. scripts/test runs the HTTP server tests in both.
    public static var testReadiness: Readiness {
        guard let name = getenv("KASSA_TEST_HTTP_READINESS").map({ String(cString: $0) }) else { return .perLoop }
        guard let readiness = Readiness(rawValue: name) else { fatalError("KASSA_TEST_HTTP_READINESS: per_loop or per_connection, not \(name)") }
        return readiness
    }
}
