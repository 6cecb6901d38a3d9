import FoundationEssentials
import JSON
import Outbound
import Payments
import Store

/// Pushes the outbox to `shop.webhook_url`: at least once, in order per checkout (the store
/// hands out only the oldest undelivered event of each checkout), only a 2xx counts, failures
/// retried on the `DeliverySchedule` until the event is dead.
///
/// A pass (`deliverDue()`) POSTs the due events concurrently, at most `maxConcurrent` at once,
/// each with its own timeout, on Swift tasks — never on the HTTP event loops — so a slow or
/// dead shop delays neither requests nor other work. Every time comes from the store's clock:
/// tests move it instead of sleeping.
actor EventDeliverer {
    /// Where and how to deliver.
    struct Settings: Sendable {
        /// The shop's endpoint.
        var url: String
        /// The signing secrets, newest first (one `v1` each).
        var secrets: [String]
        /// Back-off and the dead deadline.
        var schedule = DeliverySchedule()
        /// Requests in flight at once.
        var maxConcurrent = 16
        /// Events fetched (and, on PostgreSQL, claimed) per pass.
        var batchSize = Settings.defaultBatchSize
        /// `batchSize` unless a test changes it.
        static let defaultBatchSize = 200
        /// One attempt's whole time, connection included.
        var attemptTimeout: Duration = .seconds(10)
        /// Data an event carries once and that is never stored (Pledg's forwarded virtual card),
        /// asked for when the event's body is built.
        var attachment: (@Sendable (CheckoutEvent, Date) -> (key: String, value: JSONValue)?)? = nil
    }

    private let store: any KassaStore
    private let client: any OutboundSending
    private let settings: Settings
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double
    private let logger: Logger?
    private var passRunning = false

    init(store: any KassaStore, client: any OutboundSending, settings: Settings, now: @escaping @Sendable () -> Date,
         random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, logger: Logger? = nil) {
        self.store = store
        self.client = client
        self.settings = settings
        self.now = now
        self.random = random
        self.logger = logger
    }

    /// Delivers every event due now (one per checkout), and returns how many were attempted.
    /// A pass already running makes this one return 0 at once: passes never overlap, so one
    /// event is never in flight twice.
    @discardableResult
    func deliverDue() async -> Int {
        guard !passRunning else { return 0 }
        passRunning = true
        defer { passRunning = false }
        let due: [OutboxItem]
        do {
            due = try await store.deliverableOutboxItems(limit: settings.batchSize)
        } catch {
            logger?.log(.error, "event delivery: reading the outbox failed", [("error", .string("\(error)"))])
            return 0
        }
        let settings = settings, store = store, client = client, now = now, random = random, logger = logger
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for item in due {
                if inFlight == settings.maxConcurrent { await group.next(); inFlight -= 1 }
                group.addTask {
                    await Self.deliver(item, settings: settings, store: store, client: client, now: now, random: random, logger: logger)
                }
                inFlight += 1
            }
        }
        return due.count
    }

    /// One attempt: body built from the checkout as it is now, signed, POSTed, recorded.
    private static func deliver(_ item: OutboxItem, settings: Settings, store: any KassaStore, client: any OutboundSending,
                                now: @Sendable () -> Date, random: @Sendable () -> Double, logger: Logger?) async {
        do {
            guard let checkout = try await store.checkout(id: item.event.checkoutID) else { return }
            let body = EventPayload.body(item.event, checkout: checkout, attachment: settings.attachment?(item.event, now()))
            let started = now()
            let timestamp = Int64(started.timeIntervalSince1970.rounded(.down))
            let request = OutboundRequest(method: .post, url: settings.url, headers: OutboundHeaders([
                ("Content-Type", "application/json"), ("User-Agent", "Kassa-Webhooks/1"),
                ("Kassa-Signature", EventSignature.header(body: body, timestamp: timestamp, secrets: settings.secrets)),
                ("Kassa-Event-Id", item.event.id.rawValue),
            ]), body: body, timeouts: OutboundTimeouts(total: settings.attemptTimeout, connect: min(settings.attemptTimeout, .seconds(5))))
            // The duration is measured on the monotonic clock: the injected clock may stand still.
            let clock = ContinuousClock(), begin = clock.now
            var status: Int?
            var failure: String?
            do {
                let response = try await client.send(request)
                status = response.status
                if !(200...299).contains(response.status) { failure = "HTTP \(response.status)" }
            } catch let error as OutboundError {
                failure = error.shortDescription
            } catch {
                failure = "\(error)"
            }
            let elapsed = clock.now - begin
            let milliseconds = Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
            let attempt = EventDeliveryAttempt(attemptedAt: started, httpStatus: status, durationMilliseconds: milliseconds, error: failure)
            let outcome: EventDeliveryOutcome
            if failure == nil {
                outcome = .delivered
            } else if let next = settings.schedule.next(afterAttempts: item.attempts + 1, now: now(), unit: random()) {
                outcome = .retry(at: next)
            } else {
                outcome = .dead
                logger?.log(.warning, "event delivery: event is dead", [("event", .string(item.event.id.rawValue)),
                                                                         ("error", .string(failure ?? ""))])
            }
            try await store.recordDeliveryAttempt(outboxID: item.id, attempt: attempt, outcome: outcome)
        } catch {
            logger?.log(.error, "event delivery: recording an attempt failed", [("error", .string("\(error)"))])
        }
    }

    /// Runs passes until cancelled, one every `interval` (real time; the schedule itself reads
    /// the injected clock).
    func run(every interval: Duration) async {
        while !Task.isCancelled {
            await deliverDue()
            try? await Task.sleep(for: interval)
        }
    }
}
