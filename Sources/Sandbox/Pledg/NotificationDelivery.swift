import Synchronization

/// Sends notifications in the background through the injected transport, one after the other
/// per call, retrying a failed payment notification (no answer or not 2xx) after each of
/// `retryDelays`; `shutdown()` stops them. A `mailto:` URL (seed 003 allows one for
/// `paymentNotificationUrl`) is not an HTTP notification: nothing is sent.
final class NotificationDelivery: Sendable {
    private struct State {
        var nextID = 0
        var tasks: [Int: Task<Void, Never>] = [:]
        var isShutDown = false
    }

    private let transport: (any SimulatorPushTransport)?
    private let retryDelays: [Duration]
    private let state = Mutex(State())

    init(transport: (any SimulatorPushTransport)?, retryDelays: [Duration]) {
        self.transport = transport
        self.retryDelays = retryDelays
    }

    /// Delivers `notifications` in this order, each with its retries.
    func send(_ notifications: [PledgNotification]) {
        let http = notifications.filter { !$0.url.lowercased().hasPrefix("mailto:") }
        guard let transport, !http.isEmpty else { return }
        let delays = retryDelays
        state.withLock { state in
            guard !state.isShutDown else { return }
            state.nextID += 1
            let id = state.nextID
            state.tasks[id] = Task.detached { [weak self] in
                await Self.deliver(http, through: transport, delays: delays)
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

    private static func deliver(_ notifications: [PledgNotification], through transport: any SimulatorPushTransport,
                                delays: [Duration]) async {
        for notification in notifications {
            let attempts = notification.isRetried ? delays.count : 0
            for attempt in 0...attempts {
                if attempt > 0 {
                    do { try await Task.sleep(for: delays[attempt - 1]) } catch { return }
                }
                guard !Task.isCancelled else { return }
                if let status = await transport.post(url: notification.url, body: notification.body, contentType: "application/json"),
                   (200..<300).contains(status) { break }
            }
        }
    }
}
