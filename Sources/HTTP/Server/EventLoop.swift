import Dispatch

/// A serial queue that owns a set of connections, with what they share on it: the date
/// cache and a read buffer. Everything a connection does happens on its loop's queue.
final class EventLoop: @unchecked Sendable {
    // @unchecked: every mutable member is touched only on `queue`.
    let queue: DispatchQueue
    let dates = DateCache()
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    init(index: Int) {
        queue = DispatchQueue(label: "kassa.http.loop.\(index)")
    }

    deinit { readBuffer.deallocate() }
}
