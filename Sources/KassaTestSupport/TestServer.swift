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
        return configuration
    }
}
