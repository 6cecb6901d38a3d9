extension HTTPServer {
    /// Everything the server can be told. Defaults follow nginx's where nginx has one.
    public struct Configuration: Sendable {
        /// Address to bind: an IPv4 or IPv6 literal or a host name. "::" is dual-stack.
        public var host = "127.0.0.1"
        /// Port to bind; 0 picks a free one (see `HTTPServer.port`).
        public var port = 8080
        /// The listen backlog.
        public var backlog: Int32 = 1024
        /// Connections beyond this are answered 503 and closed.
        public var maxConnections = 10_000
        /// Parser limits.
        public var limits = HTTPLimits()
        /// A request head must complete within this after its first byte → 408 (slowloris).
        public var headTimeout: Duration = .seconds(10)
        /// An idle keep-alive connection is closed after this.
        public var idleTimeout: Duration = .seconds(30)
        /// A request body must make progress within this → 408.
        public var bodyTimeout: Duration = .seconds(30)
        /// Queued output must make progress within this, or the client is dropped.
        public var sendTimeout: Duration = .seconds(30)
        /// How long to read and discard after the last response before closing.
        public var lingerTimeout: Duration = .seconds(2)
        /// How long graceful shutdown waits for requests in progress.
        public var shutdownGracePeriod: Duration = .seconds(10)
        /// How often timeouts are checked; nil: only when `checkTimeouts()` is called (tests).
        public var timeoutCheckInterval: Duration? = .milliseconds(500)
        /// Stop reading a connection while more than this many response bytes are unsent.
        public var outputHighWater = 256 * 1024
        /// The `Server` header.
        public var serverName = "kassa"
        /// Serial queues that share the connections; default: one per core.
        public var eventLoopCount = System.coreCount
        /// The time source of every timeout.
        public var clock: any ServerClock = MonotonicClock()

        /// The defaults.
        public init() {}
    }
}

/// Facts about the machine.
public enum System {
    /// Online processors.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

#if canImport(Glibc)
import Glibc
#endif
