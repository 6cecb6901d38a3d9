import Synchronization

/// One notification a simulator sends to the merchant: where, what (a JSON body), which
/// extra request headers, and whether a failed delivery is retried.
struct OutgoingNotification: Sendable {
    /// The absolute URL it is POSTed to.
    var url: String
    /// The JSON body.
    var body: [UInt8]
    /// Request headers beside `Content-Type: application/json` (e.g. SmartPay's Basic credentials).
    var headers: [(name: String, value: String)] = []
    /// Whether a failed delivery is tried again after each of the retry delays.
    var isRetried = true
}

/// Sends notifications in the background, one after the other per `send` call, retrying a
/// failed one (no answer or not 2xx) after each of `retryDelays`. Every provider retries
/// for hours; the simulators' retries are bounded so that a dead receiver costs nothing, and
/// `shutdown()` stops them. Shared by the Secuconnect pushes, the Pledg notifications and the
/// SmartPay webhooks, which differ only in what they send.
final class RetryingNotificationDelivery: Sendable {
    /// POSTs one notification; answers the HTTP status, or nil when nothing came back.
    typealias Post = @Sendable (OutgoingNotification) async -> Int?

    private struct State {
        var nextID = 0
        var tasks: [Int: Task<Void, Never>] = [:]
        var isShutDown = false
    }

    private let post: Post?
    private let retryDelays: [Duration]
    private let state = Mutex(State())

    /// Delivery through `post` (none: notifications are dropped).
    init(post: Post?, retryDelays: [Duration]) {
        self.post = post
        self.retryDelays = retryDelays
    }

    /// Delivery through a `SimulatorPushTransport`, which takes no headers beyond the content type.
    convenience init(transport: (any SimulatorPushTransport)?, retryDelays: [Duration]) {
        guard let transport else {
            self.init(post: nil, retryDelays: retryDelays)
            return
        }
        self.init(post: { @Sendable notification in
            await transport.post(url: notification.url, body: notification.body, contentType: "application/json")
        }, retryDelays: retryDelays)
    }

    /// Delivers `notifications` in this order, each with its retries.
    func send(_ notifications: [OutgoingNotification]) {
        guard let post, !notifications.isEmpty else { return }
        let delays = retryDelays
        state.withLock { state in
            guard !state.isShutDown else { return }
            state.nextID += 1
            let id = state.nextID
            state.tasks[id] = Task.detached { [weak self] in
                await Self.deliver(notifications, through: post, delays: delays)
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

    private static func deliver(_ notifications: [OutgoingNotification], through post: Post, delays: [Duration]) async {
        for notification in notifications {
            let attempts = notification.isRetried ? delays.count : 0
            for attempt in 0...attempts {
                if attempt > 0 {
                    do { try await Task.sleep(for: delays[attempt - 1]) } catch { return }
                }
                guard !Task.isCancelled else { return }
                if let status = await post(notification), (200..<300).contains(status) { break }
            }
        }
    }
}
