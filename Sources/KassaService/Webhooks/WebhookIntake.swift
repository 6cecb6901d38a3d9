import FoundationEssentials
import Synchronization

/// The bounds of the notification intake (`webhooks.*`): how much of an unverifiable
/// notification is stored, how many and how old ones are kept, and the re-read gate.
final class WebhookIntake: Sendable {
    /// The configured bounds.
    struct Limits: Sendable {
        /// Unverifiable notifications kept at most.
        var maxUnverifiedRows = 5_000
        /// Unverifiable notifications older than this are pruned.
        var unverifiedRetention: TimeInterval = 168 * 3600
        /// The first bytes of an unverifiable body that are stored.
        var maxStoredBodyBytes = 8_192
        /// The quiet time after a checkout's re-read.
        var resyncInterval: TimeInterval = 10
        /// A prune runs after this many stored unverifiable notifications…
        var pruneEvery = 32
        /// …and deletes at most this many rows: more than `pruneEvery`, so it keeps up with
        /// any rate of posts while each run stays short.
        var pruneBatch = 256
    }

    let limits: Limits
    /// Now, for the re-read window and the retention cutoff.
    let now: @Sendable () -> Date
    private let gate: Mutex<ResyncGate>
    private let storedSincePrune = Mutex(0)

    /// An intake with `limits`.
    init(limits: Limits = Limits(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.limits = limits
        self.now = now
        gate = Mutex(ResyncGate(interval: limits.resyncInterval))
    }

    /// Counts a stored unverifiable notification; true when a prune is due.
    func noteStored() -> Bool {
        storedSincePrune.withLock { count in
            count += 1
            guard count >= limits.pruneEvery else { return false }
            count = 0
            return true
        }
    }

    /// Received before this, an unverifiable notification is pruned.
    var retentionCutoff: Date { now().addingTimeInterval(-limits.unverifiedRetention) }

    /// See `ResyncGate.begin(_:now:)`.
    func beginResync(_ checkout: String) -> ResyncGate.Decision {
        let now = now()
        return gate.withLock { $0.begin(checkout, now: now) }
    }

    /// See `ResyncGate.finish(_:now:)`.
    func finishResync(_ checkout: String) {
        let now = now()
        gate.withLock { $0.finish(checkout, now: now) }
    }
}

extension WebhookIntake.Limits {
    /// The `webhooks.*` fields.
    init(_ webhooks: KassaConfiguration.Webhooks) {
        maxUnverifiedRows = webhooks.maxUnverifiedRows
        unverifiedRetention = TimeInterval(webhooks.unverifiedRetentionHours) * 3600
        maxStoredBodyBytes = webhooks.maxStoredBodyBytes
        resyncInterval = TimeInterval(webhooks.resyncIntervalSeconds)
    }
}
