/// Sends push notifications in the background through the injected transport, retrying a
/// failed delivery (no answer or not 2xx) after each of `retryDelays`: the real service
/// retries "until you return 200 OK" for 24 h (PROVIDERS.md A); the simulator's retries are
/// bounded so that a dead receiver costs nothing.
struct PushDelivery: Sendable {
    let transport: (any SimulatorPushTransport)?
    let retryDelays: [Duration]

    /// Delivers `events` to `url` one after the other, in this order, each with its retries.
    func send(_ events: [PushEvent], to url: String) {
        guard let transport, !events.isEmpty else { return }
        let delays = retryDelays
        Task.detached {
            for event in events {
                let body = event.body
                for attempt in 0...delays.count {
                    if attempt > 0 { try? await Task.sleep(for: delays[attempt - 1]) }
                    if let status = await transport.post(url: url, body: body, contentType: "application/json"),
                       (200..<300).contains(status) { break }
                }
            }
        }
    }
}
