import Dispatch

/// A serial queue that owns a set of connections, with what they share on it: the
/// `Server`/`Date` fields and a read buffer. Everything a connection does happens on its loop's queue.
///
/// It is also the handlers' task executor: a handler starts on its connection's loop and, when
/// it does not suspend, finishes there too, with no hop to another thread (NIO's event-loop
/// executors). A handler that awaits a provider suspends and frees the queue meanwhile.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    // @unchecked: every mutable member is touched only on `queue`.
    let queue: DispatchQueue
    let fixedFields: FixedFields
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    /// The loop's epoll instance, which holds its connections (opened by the server's `bind()`).
    let poller: LoopPoller

    init(index: Int, serverName: String) {
        fixedFields = FixedFields(serverName: serverName)
        // Targets the width-limited global queue, not the default overcommit one: the loops then
        // share at most one thread per core instead of each claiming its own. On the 2-core
        // bench machine that removed a slow mode (60–70 k instead of 80–85 k req/s) which
        // half of the runs fell into. Handlers never block a loop thread (they await).
        queue = DispatchQueue(label: "kassa.http.loop.\(index)", target: .global())
        poller = LoopPoller(queue: queue)
    }

    /// How a connection on this loop learns that its socket is ready.
    func makeWatch(fd: Int32) -> LoopPollerWatch { LoopPollerWatch(fd: fd, poller: poller, queue: queue) }

    deinit { readBuffer.deallocate() }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
