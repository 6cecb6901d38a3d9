import CCurl
import CCurlShim

/// The shell around one libcurl easy handle: it configures the handle from an
/// `OutboundRequest`, collects the response in libcurl's callbacks, and carries out what
/// `TransferStateMachine` decides.
///
/// `@unchecked Sendable`: after `init` (which runs on the caller's task, before the transfer is
/// handed over through `DispatchQueue.async`), every member is touched only on the event
/// loop's serial queue; libcurl invokes the callbacks from inside `curl_multi_socket_action`
/// on that same queue.
final class Transfer: @unchecked Sendable {
    /// The easy handle (`CURL *`), owned by this object and cleaned up in `deinit`.
    let easy: UnsafeMutableRawPointer
    private var machine: TransferStateMachine
    private var continuation: CheckedContinuation<OutboundResponse, any Error>?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var headerLines: [[UInt8]] = []
    private var body: [UInt8] = []

    /// Builds and configures the easy handle, loading libcurl on the process's first transfer.
    /// Throws `OutboundError.invalidRequest` for a request libcurl must not see (header
    /// injection, non-HTTP scheme), `libcurlUnavailable` when libcurl cannot be loaded.
    init(request: OutboundRequest, defaultTimeouts: OutboundTimeouts, maxResponseBytes: Int,
         closeSocketContext: UnsafeMutableRawPointer) throws {
        guard request.headers.isWireSafe,
              request.url.hasPrefix("https://") || request.url.hasPrefix("http://"),
              !request.url.utf8.contains(where: { $0 <= 0x20 })
        else { throw OutboundError.invalidRequest }
        try CurlLibrary.load()
        guard let easy = kassa_curl_easy_init() else { throw OutboundError.invalidRequest }
        self.easy = easy
        machine = TransferStateMachine(maxResponseBytes: maxResponseBytes)
        try configure(request, timeouts: request.timeouts ?? defaultTimeouts,
                      maxResponseBytes: maxResponseBytes, closeSocketContext: closeSocketContext)
    }

    deinit {
        kassa_curl_easy_cleanup(easy)
        kassa_curl_slist_free_all(headerList)
    }

    /// Stores the continuation to resume; called once, before the transfer goes to the queue.
    func attach(_ continuation: CheckedContinuation<OutboundResponse, any Error>) {
        self.continuation = continuation
    }

    // MARK: Events from the event loop

    /// Returns true when the easy handle should be added to the multi handle; otherwise the
    /// transfer has already failed.
    func start(isShutDown: Bool) -> Bool {
        switch machine.start(isShutDown: isShutDown) {
        case .addToMulti: return true
        case .failCancelled: resume(.failure(OutboundError.cancelledBeforeSend)); return false
        case .failShutdown: resume(.failure(OutboundError.shutdown)); return false
        }
    }

    /// The calling task was cancelled. Returns true when the loop must remove the handle from
    /// the multi handle and then call `fail(with:)`.
    func cancel() -> Bool {
        machine.cancel() == .removeAndFail
    }

    /// The client shut down. Same contract as `cancel()`.
    func shutDown() -> Bool {
        machine.shutDown() == .removeAndFail
    }

    /// Resumes the caller with `error` (after the loop removed the handle).
    func fail(with error: OutboundError) {
        resume(.failure(error))
    }

    /// libcurl reported the transfer done with `curlCode`; the handle is already off the multi handle.
    func complete(curlCode: Int) {
        switch machine.completed(curlCode: curlCode, wasSent: wasRequestSent) {
        case .succeed:
            var status = 0
            _ = kassa_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            resume(.success(OutboundResponse(status: status, headers: parsedHeaders(), body: body)))
        case .fail(let error):
            resume(.failure(error))
        }
    }

    /// True when any byte of the request has been written to the connection.
    ///
    /// How "sent" is decided: libcurl adds to `CURLINFO_REQUEST_SIZE` as it writes the request
    /// head, and to `CURLINFO_SIZE_UPLOAD_T` as it writes the body; a non-zero
    /// `CURLINFO_HEADER_SIZE` means a response arrived, so the request went out. Any byte
    /// written counts as sent: a partly written request cannot be acted upon by the server,
    /// but libcurl's counters cannot tell "partly" from "all of it, still in the kernel's
    /// buffer", and for payments a false "unknown" only costs a status poll while a false
    /// "not sent" could double a charge.
    var wasRequestSent: Bool {
        var requestSize = 0, headerSize = 0
        var uploaded: curl_off_t = 0
        _ = kassa_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        _ = kassa_easy_getinfo_long(easy, CURLINFO_HEADER_SIZE, &headerSize)
        _ = kassa_easy_getinfo_off_t(easy, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        return requestSize > 0 || uploaded > 0 || headerSize > 0
    }

    // MARK: libcurl callbacks (on the queue, inside curl_multi_socket_action)

    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        switch machine.receivedBody(count: bytes.count) {
        case .accept:
            body.append(contentsOf: bytes)
            return bytes.count
        case .refuse:
            // Anything but the given count makes libcurl abort with CURLE_WRITE_ERROR.
            return 0
        }
    }

    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        // libcurl passes one complete line per call, status lines included. A new status line
        // starts a new response (after a 1xx), so only the last response's fields are kept.
        if bytes.starts(with: "HTTP/".utf8) {
            headerLines.removeAll(keepingCapacity: true)
        } else {
            headerLines.append(Array(bytes))
        }
    }

    // MARK: Private

    private func resume(_ result: Result<OutboundResponse, any Error>) {
        guard let continuation else { preconditionFailure("transfer resumed twice or never attached") }
        self.continuation = nil
        continuation.resume(with: result)
    }

    private func parsedHeaders() -> OutboundHeaders {
        var headers = OutboundHeaders()
        for line in headerLines {
            // Bytes, not Characters: in Swift "\r\n" is one Character.
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon != line.startIndex else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
            headers.add(name: name, value: value)
        }
        return headers
    }

    // RFC 9112 §5.1: optional whitespace around a field value, plus the line's CR LF.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 || b == 0x0d || b == 0x0a }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return [] }
        return bytes[first...last]
    }

    private func configure(_ request: OutboundRequest, timeouts: OutboundTimeouts, maxResponseBytes: Int,
                           closeSocketContext: UnsafeMutableRawPointer) throws {
        var ok = true
        func set(_ option: CURLoption, _ value: Int) { ok = ok && kassa_easy_setopt_long(easy, option, value) == CURLE_OK }
        func set(_ option: CURLoption, _ value: String) { ok = ok && kassa_easy_setopt_string(easy, option, value) == CURLE_OK }

        set(CURLOPT_URL, request.url)
        // Signals are process-wide; with many threads libcurl must not use SIGALRM (libcurl-thread(3)).
        set(CURLOPT_NOSIGNAL, 1)
        ok = ok && kassa_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK
        set(CURLOPT_TIMEOUT_MS, timeouts.totalMilliseconds)
        set(CURLOPT_CONNECTTIMEOUT_MS, timeouts.connectMilliseconds)
        // A Content-Length beyond the cap fails before the body is read (CURLE_FILESIZE_EXCEEDED);
        // chunked or close-delimited bodies are stopped in the write callback.
        ok = ok && kassa_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes)) == CURLE_OK
        set(CURLOPT_TCP_KEEPALIVE, 1)
        // libcurl silently repeats a request once on a fresh connection when a reused one turns
        // out dead before any response byte (Curl_retry_request), POSTs included. Servers and
        // load balancers drop idle connections after 60 s or more, so not reusing connections
        // idle for over 30 s keeps that race, and with it a possible double submission, rare.
        set(CURLOPT_MAXAGE_CONN, 30)

        switch request.method {
        case .get:
            set(CURLOPT_HTTPGET, 1)
        case .head:
            set(CURLOPT_NOBODY, 1)
        case .post:
            set(CURLOPT_POST, 1)
        default:
            set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if !request.body.isEmpty || request.method == .post {
            ok = ok && kassa_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)) == CURLE_OK
            // COPYPOSTFIELDS: libcurl keeps its own copy, so the body's lifetime is not ours to track.
            ok = ok && request.body.withUnsafeBytes { bytes in
                kassa_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)) == CURLE_OK
            }
        }

        var lines = request.headers.map { "\($0.name): \($0.value)" }
        // An empty value removes a header libcurl would add on its own: no `Expect: 100-continue`
        // round trip, and no invented form Content-Type on a POST that did not set one.
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        if !request.headers.contains("Content-Type") { lines.append("Content-Type:") }
        for line in lines { headerList = kassa_curl_slist_append(headerList, line) }
        ok = ok && kassa_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerList) == CURLE_OK

        if let tls = request.tls {
            if let path = tls.certificatePath { set(CURLOPT_SSLCERT, path) }
            if let path = tls.privateKeyPath { set(CURLOPT_SSLKEY, path) }
            if let password = tls.privateKeyPassword { set(CURLOPT_KEYPASSWD, password) }
            if let path = tls.caBundlePath { set(CURLOPT_CAINFO, path) }
        }

        let me = Unmanaged.passUnretained(self).toOpaque()
        ok = ok && kassa_easy_setopt_write_function(easy, transferWriteCallback) == CURLE_OK
        ok = ok && kassa_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me) == CURLE_OK
        ok = ok && kassa_easy_setopt_header_function(easy, transferHeaderCallback) == CURLE_OK
        ok = ok && kassa_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me) == CURLE_OK
        ok = ok && kassa_easy_setopt_closesocket_function(easy, curlCloseSocketCallback) == CURLE_OK
        ok = ok && kassa_easy_setopt_pointer(easy, CURLOPT_CLOSESOCKETDATA, closeSocketContext) == CURLE_OK
        guard ok else { throw OutboundError.invalidRequest }
    }
}

// The userdata pointer is the Transfer, kept alive by the event loop's table while the
// handle is on the multi handle (the only time libcurl calls these).
private let transferWriteCallback: curl_write_callback = { data, size, count, userdata in
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let transferHeaderCallback: curl_write_callback = { data, size, count, userdata in
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}
