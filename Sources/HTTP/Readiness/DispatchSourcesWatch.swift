import Dispatch

/// A Dispatch read source for the connection, and a write source created the first time a send
/// would block, suspended rather than released while not needed.
final class DispatchSourcesWatch: ReadinessWatch {
    private let fd: Int32
    private let queue: DispatchQueue
    private var readSource: DispatchSourceRead?
    private var writeSource: DispatchSourceWrite?
    private var writable: (() -> Void)?
    private var isReading = true
    private var isWriting = false
    private var sourcesToCancel = 0
    private var done: (@Sendable () -> Void)?

    init(fd: Int32, queue: DispatchQueue) {
        self.fd = fd
        self.queue = queue
    }

    func start(readable: @escaping () -> Void, writable: @escaping () -> Void, batchEnded: @escaping () -> Void) {
        self.writable = writable
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler(handler: readable)
        source.setCancelHandler { [self] in sourceCancelled() }
        sourcesToCancel = 1
        readSource = source
        source.resume()
    }

    /// Each source reports one connection: there is no batch to wait for.
    func deferToBatchEnd() -> Bool { false }

    func setReading(_ on: Bool) {
        guard on != isReading, let readSource else { return }
        isReading = on
        if on { readSource.resume() } else { readSource.suspend() }
    }

    func setWriting(_ on: Bool) {
        guard on != isWriting else { return }
        isWriting = on
        guard let writeSource else {
            let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [unowned self] in writable?() }
            source.setCancelHandler { [self] in sourceCancelled() }
            sourcesToCancel += 1
            self.writeSource = source
            source.resume()
            return
        }
        if on { writeSource.resume() } else { writeSource.suspend() }
    }

    func stop(_ done: @escaping @Sendable () -> Void) {
        guard readSource != nil || writeSource != nil else { return queue.async(execute: done) }   // never started
        self.done = done
        // Sources must be resumed before they are cancelled and released (libdispatch rule).
        if let readSource {
            if !isReading { readSource.resume(); isReading = true }
            readSource.cancel()
        }
        if let writeSource {
            if !isWriting { writeSource.resume(); isWriting = true }
            writeSource.cancel()
        }
    }

    private func sourceCancelled() {
        sourcesToCancel -= 1
        guard sourcesToCancel == 0 else { return }
        writable = nil
        done?()
        done = nil
    }
}
