import Synchronization

/// Sends push notifications in the background through the injected transport, retrying a
/// failed delivery (no answer or not 2xx) after each of `retryDelays`: the real service
/// retries "until you return 200 OK" for 24 h (PROVIDERS.md A); the simulator's retries are
/// bounded so that a dead receiver costs nothing, and `shutdown()` stops them.
final class PushDelivery: Sendable {
    private struct State {
        var nextID = 0
        var tasks: [Int: Task<Void, Never>] = [:]
        var isShutDown = false
    }

    private let transport: (any SimulatorPushTransport)?
    private let retryDelays: [Duration]
    private let state = Mutex(State())

    /// Delivery through `transport` (none: pushes are dropped).
    init(transport: (any SimulatorPushTransport)?, retryDelays: [Duration]) {
        self.transport = transport
        self.retryDelays = retryDelays
    }

    /// Delivers `events` to `url` one after the other, in this order, each with its retries.
    func send(_ events: [PushEvent], to url: String) {
        guard let transport, !events.isEmpty else { return }
        let delays = retryDelays
        state.withLock { state in
            guard !state.isShutDown else { return }
            state.nextID += 1
            let id = state.nextID
            state.tasks[id] = Task.detached { [weak self] in
                await Self.deliver(events, to: url, through: transport, delays: delays)
                self?.finished(id)
            }
        }
    }

    /// Stops every delivery in progress and sends nothing more.
    func shutdown() {
        let tasks = state.withLock { state -> [Task<Void, Never>] in
            state.isShutDown = true
            defer { state.tasks = [:] }
            return Array(state.tasks.values)
        }
        tasks.forEach { $0.cancel() }
    }

    private func finished(_ id: Int) {
        _ = state.withLock { $0.tasks.removeValue(forKey: id) }
    }

    private static func deliver(_ events: [PushEvent], to url: String, through transport: any SimulatorPushTransport,
                                delays: [Duration]) async {
        for event in events {
            let body = event.body
            for attempt in 0...delays.count {
                if attempt > 0 {
                    do { try await Task.sleep(for: delays[attempt - 1]) } catch { return }
                }
                guard !Task.isCancelled else { return }
                if let status = await transport.post(url: url, body: body, contentType: "application/json"),
                   (200..<300).contains(status) { break }
            }
        }
    }
}
