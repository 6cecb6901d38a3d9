import CCurl
import CCurlShim
import Dispatch

/// One libcurl multi handle driven by Dispatch: libcurl tells us which sockets to watch
/// (`CURLMOPT_SOCKETFUNCTION`) and when to wake it (`CURLMOPT_TIMERFUNCTION`); Dispatch sources
/// report readiness and call `curl_multi_socket_action`. No thread blocks per request and
/// nothing polls. Connections live in the multi handle's cache, so requests to the same host
/// reuse them.
///
/// The multi handle is created by the first `start(_:)`, not by `init`: a client that never
/// sends (a Kassa that never calls a provider) never touches libcurl, which is loaded on the
/// first transfer (`CurlLibrary`).
///
/// `@unchecked Sendable`: every mutable member is touched only on `queue`, a serial queue that
/// owns the multi handle; libcurl's callbacks run inside calls made on that queue.
final class CurlEventLoop: @unchecked Sendable {
    /// The serial queue that owns the multi handle.
    let queue = DispatchQueue(label: "kassa.outbound.curl")
    /// The multi handle, created on the queue by the first transfer.
    private var multi: UnsafeMutableRawPointer?
    private let timer: DispatchSourceTimer
    private var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
    private var sockets: [curl_socket_t: SocketWatch] = [:]
    private var isShutDown = false

    init() {
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { [self] in
            // CURL_SOCKET_TIMEOUT: "no socket, the timer expired".
            socketAction(-1, mask: 0)
        }
        timer.schedule(deadline: .distantFuture)
        timer.resume()
    }

    deinit {
        precondition(isShutDown, "CurlEventLoop dropped without shutdown()")
    }

    /// The context libcurl passes to `CURLOPT_CLOSESOCKETFUNCTION` of this loop's transfers.
    var closeSocketContext: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Transfers on the multi handle (for tests and metrics).
    var activeTransferCount: Int {
        dispatchPrecondition(condition: .onQueue(queue))
        return transfers.count
    }

    /// Descriptors under watch or waiting to be closed (for tests).
    var watchedSocketCount: Int {
        dispatchPrecondition(condition: .onQueue(queue))
        return sockets.count
    }

    // MARK: Requests

    /// Puts `transfer` on the multi handle, or fails it if it was cancelled or the loop is shut down.
    func start(_ transfer: Transfer) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard transfer.start(isShutDown: isShutDown) else { return }
        let multi = self.multi ?? makeMulti()
        transfers[transfer.easy] = transfer
        let code = kassa_curl_multi_add_handle(multi, transfer.easy)
        if code != CURLM_OK {
            transfers[transfer.easy] = nil
            transfer.complete(curlCode: -Int(code.rawValue))
        }
    }

    /// The task awaiting `transfer` was cancelled: take its handle off the multi handle (which
    /// closes its connection if the exchange was half done) and fail it.
    func cancel(_ transfer: Transfer) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard transfer.cancel() else { return }
        let wasSent = transfer.wasRequestSent
        detach(transfer)
        transfer.fail(with: wasSent ? .cancelledAfterSend : .cancelledBeforeSend)
    }

    /// Fails every running transfer, closes every connection and releases the multi handle.
    func shutdown() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !isShutDown else { return }
        isShutDown = true
        for transfer in Array(transfers.values) where transfer.shutDown() {
            detach(transfer)
            transfer.fail(with: .shutdown)
        }
        timer.cancel()
        // Closes the cached connections; their descriptors come back through closeSocket().
        if let multi { kassa_curl_multi_cleanup(multi) }
        for watch in sockets.values { watch.stopWatching() }
    }

    // MARK: libcurl callbacks (on the queue)

    fileprivate func updateSocket(_ descriptor: curl_socket_t, what: Int32) {
        let watch: SocketWatch
        if let existing = sockets[descriptor] {
            watch = existing
        } else {
            watch = SocketWatch(descriptor: descriptor, queue: queue)
            sockets[descriptor] = watch
        }
        // CURL_POLL_IN 1, CURL_POLL_OUT 2, CURL_POLL_INOUT 3, CURL_POLL_REMOVE 4 (curl/multi.h).
        if what == 4 {
            watch.stopWatching()
            if watch.isIdle { sockets[descriptor] = nil }
        } else {
            watch.watch(read: what & 1 != 0, write: what & 2 != 0,
                        onEvent: { [self] mask in socketAction(descriptor, mask: mask) },
                        onClosed: { [self] in forget(watch) })
        }
    }

    fileprivate func scheduleTimer(milliseconds: Int) {
        // -1 means "delete the timer"; 0 means "call socket_action as soon as possible", which
        // must not be done from inside this callback: it is enqueued behind the current work
        // instead, which is far cheaper than arming a Dispatch timer (no trip through
        // libdispatch's timer thread) and is what every new request asks for.
        if milliseconds < 0 {
            timer.schedule(deadline: .distantFuture)
        } else if milliseconds == 0 {
            timer.schedule(deadline: .distantFuture)
            queue.async { [self] in socketAction(-1, mask: 0) }
        } else {
            timer.schedule(deadline: .now() + .milliseconds(milliseconds), leeway: .milliseconds(1))
        }
    }

    fileprivate func closeSocket(_ descriptor: curl_socket_t) {
        if let watch = sockets[descriptor] {
            watch.close { forget(watch) }
        } else {
            SocketWatch(descriptor: descriptor, queue: queue).close {}
        }
    }

    // MARK: Private

    /// Creates the multi handle. libcurl is loaded by then: the transfer that asks for it
    /// loaded it in its `init`.
    private func makeMulti() -> UnsafeMutableRawPointer {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let multi = kassa_curl_multi_init() else { preconditionFailure("curl_multi_init failed") }
        let me = Unmanaged.passUnretained(self).toOpaque()
        // The multi handle is cleaned up in shutdown(), before this object can go away, so an
        // unretained pointer in libcurl's userdata is safe.
        precondition(kassa_multi_setopt_socket_function(multi, curlSocketCallback) == CURLM_OK)
        precondition(kassa_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, me) == CURLM_OK)
        precondition(kassa_multi_setopt_timer_function(multi, curlTimerCallback) == CURLM_OK)
        precondition(kassa_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, me) == CURLM_OK)
        self.multi = multi
        return multi
    }

    private func forget(_ watch: SocketWatch) {
        if sockets[watch.descriptor] === watch { sockets[watch.descriptor] = nil }
    }

    private func socketAction(_ descriptor: curl_socket_t, mask: Int32) {
        guard !isShutDown, let multi else { return }
        var running: Int32 = 0
        _ = kassa_curl_multi_socket_action(multi, descriptor, mask, &running)
        collectCompletedTransfers(multi)
    }

    private func collectCompletedTransfers(_ multi: UnsafeMutableRawPointer) {
        var pending: Int32 = 0
        while let message = kassa_curl_multi_info_read(multi, &pending) {
            // Read the message before removing the handle: removal invalidates it.
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let curlCode = Int(message.pointee.data.result.rawValue)
            guard let transfer = transfers[easy] else { continue }
            detach(transfer)
            transfer.complete(curlCode: curlCode)
        }
    }

    private func detach(_ transfer: Transfer) {
        transfers[transfer.easy] = nil
        // A transfer is only ever detached after start() put it on the multi handle.
        if let multi { _ = kassa_curl_multi_remove_handle(multi, transfer.easy) }
    }
}

private let curlSocketCallback: curl_socket_callback = { _, descriptor, what, userdata, _ in
    let loop = Unmanaged<CurlEventLoop>.fromOpaque(userdata!).takeUnretainedValue()
    loop.updateSocket(descriptor, what: what)
    return 0
}

private let curlTimerCallback: curl_multi_timer_callback = { _, milliseconds, userdata in
    let loop = Unmanaged<CurlEventLoop>.fromOpaque(userdata!).takeUnretainedValue()
    loop.scheduleTimer(milliseconds: milliseconds)
    return 0
}

/// `CURLOPT_CLOSESOCKETFUNCTION` of every transfer: the loop closes the descriptor once its
/// Dispatch sources are gone (see `SocketWatch`).
let curlCloseSocketCallback: curl_closesocket_callback = { context, descriptor in
    let loop = Unmanaged<CurlEventLoop>.fromOpaque(context!).takeUnretainedValue()
    loop.closeSocket(descriptor)
    return 0
}
