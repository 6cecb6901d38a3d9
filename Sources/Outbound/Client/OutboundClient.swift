import Dispatch
import FoundationEssentials

/// The one outbound HTTP client: async calls over a single libcurl multi handle.
///
/// A call suspends its task and holds no thread while it waits, so a provider that takes
/// 90 s (SmartPay, seed 001) costs a socket, not a thread. Call `shutdown()` before dropping
/// the client; dropping it shuts it down asynchronously.
public final class OutboundClient: OutboundSending, @unchecked Sendable {
    // @unchecked: the only mutable state lives in `loop`, confined to its serial queue.

    /// Settings shared by every request of this client.
    public struct Configuration: Sendable {
        /// Timeouts of requests that do not carry their own.
        public var defaultTimeouts: OutboundTimeouts
        /// The largest response body accepted; larger ones fail with `responseTooLarge`.
        public var maxResponseBytes: Int
        /// Receives one record per call (see `OutboundLogRecord` for what it never contains).
        public var logHandler: (@Sendable (OutboundLogRecord) -> Void)?
        /// Debug flag: include redacted request and response bodies in log records.
        public var logsBodies: Bool

        /// A configuration; the defaults are 30 s / 10 s timeouts and a 4 MiB cap.
        public init(defaultTimeouts: OutboundTimeouts = OutboundTimeouts(),
                    maxResponseBytes: Int = 4 * 1024 * 1024,
                    logHandler: (@Sendable (OutboundLogRecord) -> Void)? = nil,
                    logsBodies: Bool = false) {
            self.defaultTimeouts = defaultTimeouts
            self.maxResponseBytes = maxResponseBytes
            self.logHandler = logHandler
            self.logsBodies = logsBodies
        }
    }

    /// This client's configuration.
    public let configuration: Configuration
    let loop = CurlEventLoop()

    /// A client with its own multi handle (and so its own connection cache).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit {
        let loop = self.loop
        loop.queue.async { loop.shutdown() }
    }

    /// Sends `request` and returns the response, whatever its status. Throws `OutboundError`
    /// for every failure to get a response; cancelling the calling task takes the request off
    /// the wire and throws `cancelledBeforeSend` / `cancelledAfterSend`.
    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        let started = ContinuousClock.now
        let result: Result<OutboundResponse, any Error>
        do {
            result = .success(try await perform(request))
        } catch {
            result = .failure(error)
        }
        if let logHandler = configuration.logHandler {
            logHandler(makeLogRecord(request, result, duration: ContinuousClock.now - started))
        }
        return try result.get()
    }

    /// Fails every call in flight with `OutboundError.shutdown`, closes all connections, and
    /// makes later calls fail the same way. Must not be called from the client's own queue.
    public func shutdown() {
        loop.queue.sync { loop.shutdown() }
    }

    private func perform(_ request: OutboundRequest) async throws -> OutboundResponse {
        let loop = self.loop
        let transfer = try Transfer(request: request, defaultTimeouts: configuration.defaultTimeouts,
                                    maxResponseBytes: configuration.maxResponseBytes,
                                    closeSocketContext: loop.closeSocketContext)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Attached before the hand-over, so the queue always finds it.
                transfer.attach(continuation)
                loop.queue.async { loop.start(transfer) }
            }
        } onCancel: {
            // May arrive before start(); the transfer's state machine handles either order.
            loop.queue.async { loop.cancel(transfer) }
        }
    }

    private func makeLogRecord(_ request: OutboundRequest, _ result: Result<OutboundResponse, any Error>,
                               duration: Duration) -> OutboundLogRecord {
        let components = URLComponents(string: request.url)
        var record = OutboundLogRecord(method: request.method.rawValue, host: components?.host ?? "?",
                                       path: components?.percentEncodedPath ?? "?", status: nil, error: nil,
                                       duration: duration)
        switch result {
        case .success(let response):
            record.status = response.status
            if configuration.logsBodies {
                record.responseBody = Redactor.redact(response.body)
            }
        case .failure(let error):
            record.error = (error as? OutboundError)?.shortDescription ?? "unknown_error"
        }
        if configuration.logsBodies {
            record.requestBody = Redactor.redact(request.body)
        }
        return record
    }
}
