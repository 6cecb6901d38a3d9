/// How the server learns that a connection's socket can be read or written. Two ways, chosen
/// by `HTTPServer.Configuration.readiness`: one Dispatch read source per connection (and a
/// write source while a send would block), or one Dispatch read source per event loop on an
/// epoll instance that holds the loop's connections. Everything is called on the loop's queue.
protocol ReadinessWatch: AnyObject {
    /// Starts watching for input. `readable`, `writable` and `batchEnded` run on the loop's queue.
    func start(readable: @escaping () -> Void, writable: @escaping () -> Void, batchEnded: @escaping () -> Void)
    /// Asks for `batchEnded` once every connection of the current batch of ready ones has been
    /// served, so that their responses go out back to back: a peer polling many connections
    /// then finds them together. False when no batch is running: the caller sends now.
    func deferToBatchEnd() -> Bool
    /// Whether input is wanted (backpressure turns it off).
    func setReading(_ on: Bool)
    /// Whether the caller waits for room to send.
    func setWriting(_ on: Bool)
    /// Stops for good. `done` runs later on the loop's queue, once no callback can come any
    /// more: only then may the descriptor be closed.
    func stop(_ done: @escaping @Sendable () -> Void)
}

/// The readiness mechanism of a server's connections.
public enum Readiness: String, Sendable, CaseIterable {
    /// One epoll instance per event loop, itself watched by one Dispatch read source: a batch
    /// of ready connections costs libdispatch one event, not one each.
    case perLoop = "per_loop"
    /// A Dispatch read source per connection, and a write source while a send would block.
    case perConnection = "per_connection"
}
