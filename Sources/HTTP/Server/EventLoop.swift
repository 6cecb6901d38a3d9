import Dispatch

/// A serial queue that owns a set of connections, with what they share on it: the date
/// cache and a read buffer. Everything a connection does happens on its loop's queue.
///
/// It is also the handlers' task executor: a handler starts on its connection's loop and, when
/// it does not suspend, finishes there too, with no hop to another thread (NIO's event-loop
/// executors). A handler that awaits a provider suspends and frees the queue meanwhile.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    // @unchecked: every mutable member is touched only on `queue`.
    let queue: DispatchQueue
    let dates = DateCache()
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    init(index: Int) {
        queue = DispatchQueue(label: "kassa.http.loop.\(index)")
    }

    deinit { readBuffer.deallocate() }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
