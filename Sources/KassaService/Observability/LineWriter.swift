import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes log lines to a file descriptor from a thread of its own, so that no event loop ever
/// waits for a slow standard output: a caller copies its line into a bounded buffer and goes
/// on; the writer thread sends whatever has gathered in one `write(2)`, and under load it
/// naps between writes so that lines gather (a wake-up per line would cost a system call and a
/// thread switch each, on the same cores as the event loops). When the buffer is
/// full the line is dropped and counted (`droppedLines`, the metric
/// `kassa_log_lines_dropped_total`), never waited for. `EINTR` is retried; a descriptor that
/// refuses the bytes for good (closed pipe, full disk) drops them, counted the same way.
final class LineWriter: Sendable {
    /// What callers have handed in and the writer has not taken yet.
    private struct Pending {
        var bytes: [UInt8] = []
        var lines = 0
        var writer = WriterState.busy
        /// Lines handed in since the start, and lines the writer has finished with (written
        /// or dropped): equal when everything is out (`flush`).
        var accepted = 0
        var finished = 0
        /// `stop()` was called: the writer ends once everything is written.
        var isStopping = false
    }

    private enum WriterState {
        case busy
        /// Found nothing: sleeps on `wake` until the next line.
        case sleeping
        /// Has just written: waits `napInterval` for lines to gather, or until `napThreshold` bytes have.
        case napping
    }

    private static let napInterval = DispatchTimeInterval.milliseconds(20)
    private static let napThreshold = 64 * 1024

    private let fd: Int32
    private let capacity: Int
    private let pending = Mutex(Pending())
    private let wake = DispatchSemaphore(value: 0)
    private let dropped = Atomic<Int>(0)
    private let threadID = Atomic<UInt>(0)

    /// The one writer of the process's standard output, shared by every `Logger` that writes there.
    static let standardOutput = LineWriter(fd: 1)

    /// A writer to `fd` holding at most `capacity` bytes of lines not yet written. Its thread
    /// runs until `stop()` (the standard output's: until the process ends).
    init(fd: Int32, capacity: Int = 1 << 20) {
        self.fd = fd
        self.capacity = capacity
        var thread = pthread_t()
        // The thread holds the writer while it runs.
        let result = pthread_create(&thread, nil, { context in
            Unmanaged<LineWriter>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
        precondition(result == 0, "log writer thread not started (\(result))")
        pthread_detach(thread)
        threadID.store(UInt(thread), ordering: .releasing)
    }

    /// The writer thread, for tests that interrupt its `write` with a signal.
    var thread: pthread_t { pthread_t(threadID.load(ordering: .acquiring)) }

    /// Ends the writer thread once what was handed in is written; later lines are dropped.
    func stop() {
        let wakeWriter = pending.withLock { pending -> Bool in
            pending.isStopping = true
            defer { pending.writer = .busy }
            return pending.writer != .busy
        }
        if wakeWriter { wake.signal() }
    }

    /// Lines dropped so far: the buffer was full, or the descriptor refused them.
    var droppedLines: Int { dropped.load(ordering: .relaxed) }

    /// Queues `line` and a line feed; drops it (counted) when the buffer has no room.
    func write(_ line: [UInt8]) {
        let wakeWriter = pending.withLock { pending -> Bool? in
            guard !pending.isStopping, pending.bytes.count + line.count + 1 <= capacity else { return nil }
            pending.bytes.append(contentsOf: line)
            pending.bytes.append(0x0A)
            pending.lines += 1
            pending.accepted += 1
            switch pending.writer {
            case .busy: return false
            case .napping: guard pending.bytes.count >= Self.napThreshold else { return false }
            case .sleeping: break
            }
            pending.writer = .busy
            return true
        }
        switch wakeWriter {
        case nil: dropped.add(1, ordering: .relaxed)
        case true?: wake.signal()
        case false?: break
        }
    }

    /// Waits, at most `timeout`, until every line handed in so far is written (or dropped):
    /// for an orderly exit. True when they are.
    @discardableResult
    func flush(timeout: Duration = .seconds(2)) -> Bool {
        let target = pending.withLock { $0.accepted }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while pending.withLock({ $0.finished }) < target {
            guard clock.now < deadline else { return false }
            usleep(1000)
        }
        return true
    }

    private enum Step {
        case write(lines: Int)
        case nap
        case sleep
        case exit
    }

    /// The writer thread: takes everything gathered and writes it outside the lock; after a
    /// write it naps while little has gathered, and it sleeps when there is nothing. Two
    /// buffers change places, so nothing is allocated per batch.
    private func run() {
        var batch: [UInt8] = []
        var hasJustWritten = false
        while true {
            let step = pending.withLock { pending -> Step in
                if pending.bytes.isEmpty {
                    if pending.isStopping { return .exit }
                    pending.writer = .sleeping
                    return .sleep
                }
                if hasJustWritten, !pending.isStopping, pending.bytes.count < Self.napThreshold {
                    pending.writer = .napping
                    return .nap
                }
                pending.writer = .busy
                swap(&batch, &pending.bytes)
                defer { pending.lines = 0 }
                return .write(lines: pending.lines)
            }
            hasJustWritten = false
            let lines: Int
            switch step {
            case .exit: return
            case .sleep: wake.wait(); continue
            case .nap: _ = wake.wait(timeout: .now() + Self.napInterval); continue
            case .write(let count): lines = count
            }
            let unwritten = writeAll(batch)
            if unwritten > 0 { dropped.add(unwritten, ordering: .relaxed) }
            pending.withLock { $0.finished += lines }
            hasJustWritten = true
            batch.removeAll(keepingCapacity: batch.capacity <= capacity)
        }
    }

    /// Writes `bytes` whole, retrying after `EINTR` and waiting for room after `EAGAIN` (a
    /// non-blocking descriptor). Returns how many lines were not written (another error).
    private func writeAll(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                    continue
                }
                if n < 0, errno == EINTR { continue }
                if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    var poll = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = Glibc.poll(&poll, 1, 1000)
                    continue
                }
                // Refused for good: the rest of the batch is lost, counted by its line feeds.
                return buffer[offset...].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
            return 0
        }
    }
}
