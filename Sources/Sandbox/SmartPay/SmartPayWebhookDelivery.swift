import Crypto
import Synchronization

/// Sends webhooks in the background through the injected transport with the configured Basic
/// credentials, retrying a failed delivery (no answer or not 2xx) after each of `retryDelays`.
/// The retries are bounded so that a dead receiver costs nothing; `shutdown()` stops them.
final class SmartPayWebhookDelivery: Sendable {
    private struct State {
        var nextID = 0
        var tasks: [Int: Task<Void, Never>] = [:]
        var isShutDown = false
    }

    private let transport: (any SmartPayWebhookTransport)?
    private let url: String?
    private let headers: [(name: String, value: String)]
    private let retryDelays: [Duration]
    private let state = Mutex(State())

    /// Delivery to `url` through `transport` (either nil: webhooks are dropped).
    init(transport: (any SmartPayWebhookTransport)?, url: String?, credentials: SmartPayWebhookCredentials?, retryDelays: [Duration]) {
        self.transport = transport
        self.url = url
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let credentials {
            // RFC 7617 §2: base64 of user-id ":" password.
            headers.append(("Authorization", "Basic " + Base64.encode(Array("\(credentials.username):\(credentials.password)".utf8))))
        }
        self.headers = headers
        self.retryDelays = retryDelays
    }

    /// Delivers `events` one after the other, in this order, each with its retries.
    func send(_ events: [SmartPayWebhookEvent]) {
        guard let transport, let url, !events.isEmpty else { return }
        let (delays, headers) = (retryDelays, headers)
        state.withLock { state in
            guard !state.isShutDown else { return }
            state.nextID += 1
            let id = state.nextID
            state.tasks[id] = Task.detached { [weak self] in
                await Self.deliver(events, to: url, headers: headers, through: transport, delays: delays)
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

    private static func deliver(_ events: [SmartPayWebhookEvent], to url: String, headers: [(name: String, value: String)],
                                through transport: any SmartPayWebhookTransport, delays: [Duration]) async {
        for event in events {
            let body = event.body
            for attempt in 0...delays.count {
                if attempt > 0 {
                    do { try await Task.sleep(for: delays[attempt - 1]) } catch { return }
                }
                guard !Task.isCancelled else { return }
                if let status = await transport.post(url: url, body: body, headers: headers), (200..<300).contains(status) { break }
            }
        }
    }
}
