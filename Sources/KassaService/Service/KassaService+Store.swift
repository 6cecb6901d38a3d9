import FoundationEssentials
import Payments
import Store

extension KassaService {
    /// The store `configuration` names: PostgreSQL when `store.url` is set (several instances
    /// on one database), else the SQLite file in `data_dir` (created with its directory).
    /// Either way the migrations are applied before anything is served, and calls a previous
    /// run left cut off are marked `needs_sync`.
    static func openStore(_ configuration: KassaConfiguration, clock: @escaping @Sendable () -> Date,
                          reconnectDelay: Duration, logger: Logger) throws -> any KassaStore {
        // Once per kind until the store writes again: a full disk or a lost database is one
        // error line, not one per request.
        let onFault: @Sendable (StorageFault) -> Void = { fault in
            logger.log(.error, "storage failure", [("kind", .string(fault.kind.rawValue)), ("error", .string(fault.message))])
        }
        // Without a webhook URL nothing delivers events: none are queued (they stay in /v1/events).
        let queuesEvents = configuration.shop.webhookURL != nil
        if let database = configuration.store.database {
            var postgres = PostgresStore.Configuration(url: configuration.store.url.value,
                                                       password: database.password.isEmpty ? nil : database.password.value,
                                                       poolSize: configuration.store.poolSize, now: clock)
            postgres.queuesEventsForDelivery = queuesEvents
            // Only the calls of runs that are gone: another instance's calls in flight are its own.
            postgres.marksInterruptedCallsAtOpen = true
            postgres.onFault = onFault
            postgres.reconnectDelay = reconnectDelay
            postgres.outboxClaimLease = outboxClaimLease(configuration.shop)
            return try PostgresStore(configuration: postgres)
        }
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        var sqlite = SQLiteStore.Configuration(path: configuration.databasePath,
                                               durability: configuration.store.synchronous == .full ? .full : .normal,
                                               now: clock)
        sqlite.queuesEventsForDelivery = queuesEvents
        // An earlier run killed mid-call left attempts whose outcome at the provider is unknown.
        sqlite.marksInterruptedCallsAtOpen = true
        // A corrupt file is refused before anything is served from it or written to it.
        sqlite.checksIntegrityAtOpen = true
        sqlite.onFault = onFault
        return try SQLiteStore(configuration: sqlite)
    }

    /// How long an outbox row claimed for delivery stays this instance's: the deliverer's whole
    /// batch — ⌈batch ÷ concurrency⌉ rounds of attempts, each within the attempt timeout — plus a
    /// margin. Shorter, a slow batch's last events would be taken over while still being sent
    /// (two deliveries at once); longer, a killed instance's claims wait longer to be taken over.
    static func outboxClaimLease(_ shop: KassaConfiguration.Shop) -> TimeInterval {
        let concurrency = max(1, shop.deliveryConcurrency)
        let rounds = (EventDeliverer.Settings.defaultBatchSize + concurrency - 1) / concurrency
        return TimeInterval(rounds * shop.deliveryTimeoutSeconds + 10)
    }
}
