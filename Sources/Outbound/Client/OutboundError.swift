/// Why an outbound call produced no usable response.
///
/// The distinction that matters to the payment domain is `isOutcomeUnknown`: when it is false
/// the provider cannot have received the request, so the attempt may be marked `failed`; when
/// it is true the provider may have acted on it, so the attempt is `needs_sync` and must be
/// reconciled (DESIGN.md, "Lessons from the payment orchestrators").
public struct OutboundError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case invalidRequest
        case couldNotResolveHost
        case couldNotConnect
        case tlsFailure
        case timedOutBeforeSend
        case timedOutAfterSend
        case connectionLostBeforeSend
        case connectionLostAfterSend
        case responseTooLarge
        case cancelledBeforeSend
        case cancelledAfterSend
        case shutdown
        case transportBeforeSend
        case transportAfterSend
        case libcurlUnavailable
    }

    private let code: Code
    /// libcurl's `CURLcode` when the error came from libcurl (diagnostics only; not part of equality).
    public let curlCode: Int?
    /// More about the failure for `description` (diagnostics only; not part of equality).
    private let detail: String?

    private init(_ code: Code, curlCode: Int? = nil, detail: String? = nil) {
        self.code = code
        self.curlCode = curlCode
        self.detail = detail
    }

    /// The request could not be built: bad URL, unsupported scheme, or a header with CR/LF.
    public static let invalidRequest = OutboundError(.invalidRequest)
    /// DNS resolution failed. Nothing was sent.
    public static let couldNotResolveHost = OutboundError(.couldNotResolveHost)
    /// The TCP connection could not be established. Nothing was sent.
    public static let couldNotConnect = OutboundError(.couldNotConnect)
    /// The TLS handshake or certificate verification failed. Nothing was sent.
    public static let tlsFailure = OutboundError(.tlsFailure)
    /// The timeout struck before any byte of the request was written. Nothing was sent.
    public static let timedOutBeforeSend = OutboundError(.timedOutBeforeSend)
    /// The timeout struck after the request was (at least partly) written: outcome unknown.
    public static let timedOutAfterSend = OutboundError(.timedOutAfterSend)
    /// The connection broke before any byte of the request was written. Nothing was sent.
    public static let connectionLostBeforeSend = OutboundError(.connectionLostBeforeSend)
    /// The connection broke or closed after the request was written, without a complete
    /// response: outcome unknown.
    public static let connectionLostAfterSend = OutboundError(.connectionLostAfterSend)
    /// The response body exceeded the client's cap. The provider answered, so the outcome of
    /// the call is unknown to us.
    public static let responseTooLarge = OutboundError(.responseTooLarge)
    /// The calling task was cancelled before any byte was written.
    public static let cancelledBeforeSend = OutboundError(.cancelledBeforeSend)
    /// The calling task was cancelled after the request was written: outcome unknown.
    public static let cancelledAfterSend = OutboundError(.cancelledAfterSend)
    /// The client was shut down.
    public static let shutdown = OutboundError(.shutdown)
    /// libcurl (`libcurl.so.4`, loaded on the first call) could not be loaded or initialised.
    /// Nothing was sent; `description` says why.
    public static let libcurlUnavailable = OutboundError(.libcurlUnavailable)

    /// Another libcurl failure, classified by whether the request had been written.
    static func transport(curlCode: Int, wasSent: Bool) -> OutboundError {
        OutboundError(wasSent ? .transportAfterSend : .transportBeforeSend, curlCode: curlCode)
    }

    /// The same error carrying libcurl's result code.
    func with(curlCode: Int) -> OutboundError { OutboundError(code, curlCode: curlCode, detail: detail) }

    /// The same error with a diagnostic detail for `description`.
    func with(detail: String) -> OutboundError { OutboundError(code, curlCode: curlCode, detail: detail) }

    /// True when the provider may have received and acted on the request.
    public var isOutcomeUnknown: Bool {
        switch code {
        case .timedOutAfterSend, .connectionLostAfterSend, .responseTooLarge, .cancelledAfterSend,
             .transportAfterSend, .shutdown:
            // A shutdown can interrupt a call in flight; without more knowledge, assume it was sent.
            return true
        case .invalidRequest, .couldNotResolveHost, .couldNotConnect, .tlsFailure, .timedOutBeforeSend,
             .connectionLostBeforeSend, .cancelledBeforeSend, .transportBeforeSend, .libcurlUnavailable:
            return false
        }
    }

    /// True for both timeout errors.
    public var isTimeout: Bool { code == .timedOutBeforeSend || code == .timedOutAfterSend }

    /// True for both cancellation errors.
    public var isCancellation: Bool { code == .cancelledBeforeSend || code == .cancelledAfterSend }

    /// A fixed, low-cardinality label, safe for logs and metrics.
    public var shortDescription: String {
        switch code {
        case .invalidRequest: "invalid_request"
        case .couldNotResolveHost: "could_not_resolve_host"
        case .couldNotConnect: "could_not_connect"
        case .tlsFailure: "tls_failure"
        case .timedOutBeforeSend: "timed_out_before_send"
        case .timedOutAfterSend: "timed_out_after_send"
        case .connectionLostBeforeSend: "connection_lost_before_send"
        case .connectionLostAfterSend: "connection_lost_after_send"
        case .responseTooLarge: "response_too_large"
        case .cancelledBeforeSend: "cancelled_before_send"
        case .cancelledAfterSend: "cancelled_after_send"
        case .shutdown: "client_shutdown"
        case .transportBeforeSend: "transport_error_before_send"
        case .transportAfterSend: "transport_error_after_send"
        case .libcurlUnavailable: "libcurl_unavailable"
        }
    }

    /// The short description, plus libcurl's code and the detail when there are.
    public var description: String {
        var text = curlCode.map { "\(shortDescription) (curl \($0))" } ?? shortDescription
        if let detail { text += ": \(detail)" }
        return text
    }

    /// Equality ignores `curlCode` and the detail: two timeouts after send are the same error to a caller.
    public static func == (lhs: OutboundError, rhs: OutboundError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
