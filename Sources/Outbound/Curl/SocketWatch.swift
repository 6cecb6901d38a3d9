import Dispatch
import Glibc

/// The Dispatch sources watching one socket that libcurl asked us to watch
/// (`CURLMOPT_SOCKETFUNCTION`), and the socket's deferred close.
///
/// Why the close is deferred: libdispatch unregisters a cancelled source asynchronously. If
/// libcurl closed the descriptor at once and the next `socket()` got the same number, the
/// dying source could fire for the new socket, or its epoll de-registration could hit the
/// new one. So libcurl's `CURLOPT_CLOSESOCKETFUNCTION` lands here, and the descriptor is closed
/// only after every source on it has run its cancel handler. (swift-corelibs-foundation's
/// URLSession on libcurl met the same problem.) Confined to the event loop's queue.
final class SocketWatch {
    /// The descriptor, owned by libcurl until it asks us to close it.
    let descriptor: Int32
    private let queue: DispatchQueue
    private var readSource: (any DispatchSourceProtocol)?
    private var writeSource: (any DispatchSourceProtocol)?
    // Sources created and not yet through their cancel handler.
    private var liveSources = 0
    private var isCloseRequested = false
    private var isClosed = false

    /// A watch on `descriptor`, whose sources deliver on `queue`.
    init(descriptor: Int32, queue: DispatchQueue) {
        self.descriptor = descriptor
        self.queue = queue
    }

    deinit {
        // One owner per descriptor: a watch dropped with live sources would leak them.
        assert(liveSources == 0 || isClosed, "SocketWatch for fd \(descriptor) dropped with live sources")
    }

    /// True when nothing is watched and nothing is pending: the record can be dropped.
    var isIdle: Bool { liveSources == 0 && !isCloseRequested }

    /// Watches for readability and/or writability; `onEvent` gets `CURL_CSELECT_IN` (1) or `OUT` (2).
    func watch(read: Bool, write: Bool, onEvent: @escaping (Int32) -> Void, onClosed: @escaping () -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        precondition(!isCloseRequested, "libcurl watches fd \(descriptor) after closing it")
        readSource = updated(readSource, wanted: read, onClosed: onClosed) {
            let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
            source.setEventHandler { onEvent(1) }
            return source
        }
        writeSource = updated(writeSource, wanted: write, onClosed: onClosed) {
            let source = DispatchSource.makeWriteSource(fileDescriptor: descriptor, queue: queue)
            source.setEventHandler { onEvent(2) }
            return source
        }
    }

    /// Stops watching (libcurl's `CURL_POLL_REMOVE`); the descriptor stays open.
    func stopWatching() {
        readSource?.cancel()
        readSource = nil
        writeSource?.cancel()
        writeSource = nil
    }

    /// libcurl wants the descriptor closed: now if no source is alive, else once the last
    /// cancel handler has run. `onClosed` is called after `close(2)`.
    func close(onClosed: () -> Void) {
        isCloseRequested = true
        stopWatching()
        if liveSources == 0 { closeNow(onClosed: onClosed) }
    }

    // The source to keep: `current`, a new one from `make` when wanted and missing, or nil
    // (after cancelling `current`) when no longer wanted.
    private func updated(_ current: (any DispatchSourceProtocol)?, wanted: Bool, onClosed: @escaping () -> Void,
                         make: () -> any DispatchSourceProtocol) -> (any DispatchSourceProtocol)? {
        switch (wanted, current) {
        case (true, nil):
            let source = make()
            install(source, onClosed: onClosed)
            return source
        case (false, let source?):
            source.cancel()
            return nil
        default:
            return current
        }
    }

    private func install(_ source: some DispatchSourceProtocol, onClosed: @escaping () -> Void) {
        liveSources += 1
        source.setCancelHandler { [self] in
            liveSources -= 1
            if liveSources == 0, isCloseRequested { closeNow(onClosed: onClosed) }
        }
        source.resume()
    }

    private func closeNow(onClosed: () -> Void) {
        guard !isClosed else { return }
        isClosed = true
        // close(2) may report EINTR after the descriptor is already released on Linux; never retry it.
        _ = Glibc.close(descriptor)
        onClosed()
    }
}
