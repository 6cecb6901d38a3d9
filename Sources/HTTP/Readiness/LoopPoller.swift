import CEpoll
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// One epoll instance per event loop, watched by one Dispatch read source on the loop's queue.
/// When it fires, one `epoll_wait` (timeout 0) collects every ready connection of the loop and
/// each is served in turn. Level-triggered, so a connection that leaves input unread is simply
/// reported again. Confined to the loop's queue.
final class LoopPoller {
    private let queue: DispatchQueue
    private var epollFD: Int32 = -1
    /// Present from `open()` to `close()`: only then are connections watched.
    private var source: DispatchSourceRead?
    /// The registered watches by descriptor: descriptors are small and reused, so an array
    /// indexed by them is looked up on every event without hashing.
    private var watches: [LoopPollerWatch?] = []
    private let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: LoopPoller.batch)
    private static let batch = 64
    /// Whether `pollReady` is serving a batch, and the watches waiting for its end.
    private var isServingBatch = false
    private var waitingForBatchEnd: [LoopPollerWatch] = []

    init(queue: DispatchQueue) { self.queue = queue }

    deinit {
        source?.cancel()
        events.deallocate()
    }

    /// Sets `fd`'s interest to `wanted` (EPOLLIN/EPOLLOUT bits; 0 removes it), given that
    /// it is `registered` now. Returns false if the kernel refused (the connection is then
    /// left to its timeouts).
    func change(_ fd: Int32, from registered: UInt32, to wanted: UInt32, watch: LoopPollerWatch) -> Bool {
        guard source != nil else { return false }
        var event = epoll_event()
        event.events = wanted
        event.data.fd = fd
        let op = registered == 0 ? EPOLL_CTL_ADD : wanted == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD
        guard epoll_ctl(epollFD, op, fd, &event) == 0 else { return false }
        let index = Int(fd)
        if index >= watches.count { watches.append(contentsOf: repeatElement(nil, count: index + 1 - watches.count)) }
        watches[index] = wanted == 0 ? nil : watch
        return true
    }

    /// Closes the epoll instance once no connection is left (server shutdown).
    func close() {
        source?.cancel()
        source = nil
    }

    /// Creates the epoll instance and its Dispatch source. Called by the server's `start()`,
    /// while descriptors are plentiful, so that running out of them later cannot take it down.
    func open() throws(SystemError) {
        guard epollFD < 0 else { return }
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SystemError(call: "epoll_create1", errno: errno) }
        let source = DispatchSource.makeReadSource(fileDescriptor: epollFD, queue: queue)
        source.setEventHandler { [unowned self] in pollReady() }
        source.setCancelHandler { [fd = epollFD] in SystemCall.close(fd) }
        self.source = source
        source.resume()
    }

    /// Queues `watch` for the end of the batch being served; false when none is.
    func deferToBatchEnd(_ watch: LoopPollerWatch) -> Bool {
        guard isServingBatch else { return false }
        waitingForBatchEnd.append(watch)
        return true
    }

    /// Serves batches while connections are ready, a bounded number of them per event: under
    /// load the next batch is usually there already, and learning that through libdispatch
    /// (its manager thread re-arms the source and wakes a worker) costs two thread wake-ups.
    /// A lone ready connection means the loop is not busy: then it does not poll again.
    private func pollReady() {
        for _ in 0..<Self.batchesPerEvent {
            let count = Int(epoll_wait(epollFD, events, Int32(Self.batch), 0))
            guard count > 0 else { return }
            serve(count)
            guard count > 1 else { return }
        }
    }

    private static let batchesPerEvent = 8

    private func serve(_ count: Int) {
        // A batch of one has nothing to send back to back with.
        isServingBatch = count > 1
        for i in 0..<count {
            // A connection served earlier in this batch may have removed another: look it up each time.
            let index = Int(events[i].data.fd)
            if index < watches.count { watches[index]?.handle(events[i].events) }
        }
        isServingBatch = false
        // The batch's responses, back to back.
        for watch in waitingForBatchEnd { watch.batchEnded() }
        waitingForBatchEnd.removeAll(keepingCapacity: true)
    }
}

/// A connection's registration with its loop's poller: how it learns that its socket can be
/// read or written. Everything is called on the loop's queue.
final class LoopPollerWatch {
    private let fd: Int32
    /// Strong: the poller holds a watch only while it is registered, and `stop()` removes it.
    private let poller: LoopPoller
    private let queue: DispatchQueue
    private var readable: (() -> Void)?
    private var writable: (() -> Void)?
    private var batchEndedHandler: (() -> Void)?
    private var isWaitingForBatchEnd = false
    private var wantsRead = false
    private var wantsWrite = false
    private var registered: UInt32 = 0

    private static let input = UInt32(EPOLLIN.rawValue)
    private static let output = UInt32(EPOLLOUT.rawValue)
    private static let failure = UInt32(EPOLLERR.rawValue) | UInt32(EPOLLHUP.rawValue)

    init(fd: Int32, poller: LoopPoller, queue: DispatchQueue) {
        self.fd = fd
        self.poller = poller
        self.queue = queue
    }

    /// Starts watching for input. `readable`, `writable` and `batchEnded` run on the loop's
    /// queue and are held until `stop`.
    func start(readable: @escaping () -> Void, writable: @escaping () -> Void, batchEnded: @escaping () -> Void) {
        self.readable = readable
        self.writable = writable
        batchEndedHandler = batchEnded
        setReading(true)
    }

    /// Asks for `batchEnded` once every connection of the current batch of ready ones has been
    /// served, so that their responses go out back to back: a peer polling many connections
    /// then finds them together. False when no batch is running: the caller sends now.
    func deferToBatchEnd() -> Bool {
        if isWaitingForBatchEnd { return true }
        isWaitingForBatchEnd = poller.deferToBatchEnd(self)
        return isWaitingForBatchEnd
    }

    /// Called by the poller at the end of the batch this watch waited for.
    func batchEnded() {
        isWaitingForBatchEnd = false
        batchEndedHandler?()
    }

    /// Whether input is wanted (backpressure turns it off).
    func setReading(_ on: Bool) {
        wantsRead = on
        update()
    }

    /// Whether the caller waits for room to send.
    func setWriting(_ on: Bool) {
        wantsWrite = on
        update()
    }

    /// Stops for good, dropping the callbacks (and the references they hold). `done` runs later
    /// on the loop's queue, once no callback can come any more: only then may the descriptor
    /// be closed.
    func stop(_ done: @escaping @Sendable () -> Void) {
        wantsRead = false
        wantsWrite = false
        update()
        readable = nil
        writable = nil
        batchEndedHandler = nil
        queue.async(execute: done)
    }

    /// Interest with nothing wanted is no registration at all: a hung-up socket would otherwise
    /// be reported (EPOLLHUP) on every wait while its connection is not reading.
    private func update() {
        let wanted = (wantsRead ? Self.input : 0) | (wantsWrite ? Self.output : 0)
        guard wanted != registered, poller.change(fd, from: registered, to: wanted, watch: self) else { return }
        registered = wanted
    }

    func handle(_ events: UInt32) {
        let failed = events & Self.failure != 0
        if wantsRead, failed || events & Self.input != 0 { readable?() }
        // The read may have closed the connection (and stopped this watch): check again.
        if wantsWrite, failed || events & Self.output != 0 { writable?() }
    }
}
