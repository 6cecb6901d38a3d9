import FoundationEssentials
import JSON
import Payments
import Store
import Synchronization

/// The reconciler (issue 14, docs/reconciler.md): asks providers about checkouts whose outcome
/// Kassa does not know yet, and applies the answers with source `poll`.
///
/// Its work is derived from the database alone — each checkout's own due time
/// (`checkouts.next_poll_at`, see `PollPlan`) — so a restart loses nothing. One scheduler
/// loop claims the earliest due checkouts while fewer than `concurrency` polls are in flight,
/// runs each poll as a child task, and otherwise sleeps until the earliest due time, a poll's
/// end, or `idleSleep`: a provider that answers after 90 s holds one slot, never the others.
/// Every update goes through `CheckoutService.apply`, which the store serializes with the
/// webhooks. Times come from `now` (tests move it instead of sleeping).
struct Reconciler: Sendable {
    /// How the reconciler runs.
    struct Settings: Sendable {
        /// Polls in flight at once (`reconciler.concurrency`).
        var concurrency = 8
        /// The longest sleep between two looks at the database (`reconciler.interval_seconds`).
        var idleSleep: Duration = .seconds(10)
        /// The deadline of providers on the default schedule (`checkout.expire_after_seconds`).
        var defaultDeadline: Duration = .seconds(86_400)
        /// Due rows one claim looks at, at most.
        var scanLimit = 500
        /// Claims in one `runOnce` pass, at most (bounds a pass over a huge backlog).
        var maxClaimsPerPass = 1_000
        /// How often expired idempotency keys and unverifiable notifications are purged.
        var housekeepingInterval: Duration = .seconds(60)
        /// Rows one purge statement deletes; `purgeBatches` statements a run at most.
        var purgeBatch = 500
        var purgeBatches = 20
        /// The inbox's bounds (`webhooks.*`).
        var maxUnverifiedWebhooks = 5_000
        var unverifiedWebhookRetention: Duration = .seconds(168 * 3600)
        /// Back-off, lease and search grace.
        var plan = PollPlan()
    }

    let service: CheckoutService
    let store: any KassaStore
    let settings: Settings
    let now: @Sendable () -> Date
    let housekeeping = HousekeepingClock()

    /// The schedule of the checkout's provider: its own, or the default one with the
    /// configured deadline.
    func schedule(for provider: (any PaymentProvider)?) -> PollSchedule {
        guard let schedule = provider?.pollSchedule, schedule != .afterSilence else {
            return PollSchedule(intervals: PollSchedule.afterSilence.intervals, deadline: settings.defaultDeadline)
        }
        return schedule
    }

    /// Runs until the task is cancelled.
    func run() async {
        _ = await drain(untilIdle: false)
    }

    /// One pass at `now`: every checkout due is looked at (at most `maxClaimsPerPass`), polls
    /// bounded by `concurrency`, then the purges. Returns how many checkouts changed.
    @discardableResult
    func runOnce(now passTime: Date) async -> Int {
        let pass = Reconciler(service: service, store: store, settings: settings, now: { passTime })
        let changed = await pass.drain(untilIdle: true)
        await pass.purge(at: passTime)
        return changed
    }

    /// The scheduler loop. `untilIdle`: returns when nothing is due and no poll is in flight
    /// (a pass); otherwise runs until cancelled, sleeping between looks.
    private func drain(untilIdle: Bool) async -> Int {
        await withTaskGroup(of: Int?.self) { group in
            // Child results: a poll's 0 or 1 (changed), or nil for the sleep timer.
            var inFlight = 0, changed = 0, claims = 0, rescans = 0, timerPending = false
            while !Task.isCancelled {
                if inFlight < settings.concurrency && (!untilIdle || claims < settings.maxClaimsPerPass) {
                    // nil: the store failed (logged); sleep rather than spin.
                    let claimed = await claim(limit: settings.concurrency - inFlight) ?? []
                    claims += claimed.count
                    for item in claimed {
                        group.addTask { await work(item) ? 1 : 0 }
                        inFlight += 1
                    }
                    if !claimed.isEmpty { continue }
                    // Nothing claimed: due rows may remain beyond one scan (each scan moves
                    // every row it looks at later, so this ends).
                    if rescans < settings.maxClaimsPerPass, let due = try? await store.earliestPollDue(), due <= now() {
                        rescans += 1
                        continue
                    }
                }
                if untilIdle {
                    if inFlight == 0 { break }
                } else if !timerPending {
                    let wait = await sleepBeforeNextLook()
                    group.addTask { try? await Task.sleep(for: wait); return nil }
                    timerPending = true
                }
                guard let result = await group.next() else { break }
                if let result {
                    inFlight -= 1
                    changed += result
                } else {
                    timerPending = false
                    rescans = 0
                    if housekeeping.isDue(at: now(), every: settings.housekeepingInterval) { await purge(at: now()) }
                }
            }
            group.cancelAll()
            return changed
        }
    }

    /// Claims up to `limit` due checkouts, moving the others it looks at to their own time.
    private func claim(limit: Int) async -> [ClaimedCheckout]? {
        let at = now(), plan = settings.plan, providers = service.providers
        let schedules = providers.mapValues { schedule(for: $0) }
        let fallback = schedule(for: nil)
        do {
            return try await store.claimDueCheckouts(now: at, limit: limit, scanLimit: settings.scanLimit) { candidate in
                plan.decide(candidate, schedule: schedules[candidate.checkout.provider] ?? fallback, now: at)
            }
        } catch {
            service.logger.log(.error, "reconciler: claiming due checkouts failed", [("error", .string(String(describing: error)))])
            return nil
        }
    }

    /// Until the earliest due checkout, at most `idleSleep`, at least a few milliseconds.
    private func sleepBeforeNextLook() async -> Duration {
        guard let due = try? await store.earliestPollDue() else { return settings.idleSleep }
        let seconds = min(max(due.timeIntervalSince(now()), 0.005), settings.idleSleep.seconds)
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}

/// When the purges last ran (by the reconciler's clock).
final class HousekeepingClock: Sendable {
    private let last = Mutex<Date?>(nil)

    /// True (and noted) when no run happened within `interval` before `now`.
    func isDue(at now: Date, every interval: Duration) -> Bool {
        last.withLock { last in
            if let previous = last, now.timeIntervalSince(previous) < interval.seconds { return false }
            last = now
            return true
        }
    }
}

extension Reconciler.Settings {
    /// The settings of a configuration (`reconciler.*`, `checkout.expire_after_seconds`, `webhooks.*`).
    init(_ configuration: KassaConfiguration) {
        self.init()
        concurrency = max(1, configuration.reconciler.concurrency)
        idleSleep = .seconds(max(1, configuration.reconciler.intervalSeconds))
        defaultDeadline = .seconds(configuration.checkout.expireAfterSeconds)
        maxUnverifiedWebhooks = configuration.webhooks.maxUnverifiedRows
        unverifiedWebhookRetention = .seconds(configuration.webhooks.unverifiedRetentionHours * 3600)
    }
}
