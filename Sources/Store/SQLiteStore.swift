import Dispatch
import FoundationEssentials
import Synchronization
import Payments

/// `PaymentStore` on SQLite: one writer connection that group-commits (`GroupCommitWriter`) and a
/// small pool of read-only connections, WAL mode so readers never wait for the writer.
///
/// `@unchecked Sendable`: the connections are not thread-safe, and the store owns their
/// synchronization — the writer is only touched by `GroupCommitWriter` on its queue, a reader
/// only between its check-out and check-in under the `idleReaders` mutex.
public final class SQLiteStore: PaymentStore, ReconcilerStore, EventDeliveryStore, StoreHealth, @unchecked Sendable {
    /// How the store opens its database.
    public struct Configuration: Sendable {
        /// `synchronous` at commit.
        public enum Durability: Sendable {
            /// `synchronous=FULL`: every commit is on disk (survives power loss). The default.
            case full
            /// `synchronous=NORMAL`: survives a crash of the process, not of the machine.
            case normal
        }

        /// The database file (created if missing).
        public var path: String
        /// Durability of commits.
        public var durability: Durability
        /// Read-only connections in the pool.
        public var readerCount: Int
        /// How long a connection waits for a lock held by another process before failing.
        public var busyTimeoutMilliseconds: Int32
        /// How long an idempotency key is kept (the API promises 24 h).
        public var idempotencyKeyLifetime: TimeInterval
        /// The clock: every timestamp and expiry reads it, so tests never sleep.
        public var now: @Sendable () -> Date
        /// Whether published events get an outbox row (off without `shop.webhook_url`: nothing
        /// would deliver them, and a backlog nobody drains would mislead an alert).
        public var queuesEventsForDelivery = true
        /// Told about a storage failure the first time its kind occurs since the store last
        /// wrote (the service logs it at error level); every failure is counted regardless
        /// (`storageFaultCounts`).
        public var onFault: (@Sendable (StorageFault) -> Void)?
        /// Whether opening runs `PRAGMA quick_check` and refuses a database that fails it (on
        /// for the service; its cost grows with the file, so tools and tests opt in).
        public var checksIntegrityAtOpen = false
        /// Whether opening marks `needs_sync` the provider calls an earlier run left cut off
        /// (`markInterruptedCalls`): on for the service, which opens the store before serving.
        public var marksInterruptedCallsAtOpen = false

        /// A configuration with the defaults: FULL durability, 2 readers, 5 s busy timeout, 24 h keys.
        public init(path: String, durability: Durability = .full, readerCount: Int = 2,
                    busyTimeoutMilliseconds: Int32 = 5_000, idempotencyKeyLifetime: TimeInterval = 24 * 3600,
                    now: @escaping @Sendable () -> Date = { Date() }) {
            self.path = path
            self.durability = durability
            self.readerCount = readerCount
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.idempotencyKeyLifetime = idempotencyKeyLifetime
            self.now = now
        }

        var synchronous: Connection.Synchronous { durability == .full ? .full : .normal }
    }

    let configuration: Configuration
    private let writer: GroupCommitWriter
    private let idleReaders: Mutex<[Connection]>
    private let readerSlots: DispatchSemaphore
    private let readerQueue = DispatchQueue(label: "kassa.store.readers", attributes: .concurrent)
    let faults = StorageFaultRecorder()
    /// This run's id, recorded with each idempotency key it claims: a key still unanswered
    /// under another run's id was claimed by a process that is gone.
    /// (The system generator, not `RandomID`: opening the store must not load libcrypto.)
    let runID = "run_" + String(UInt64.random(in: .min ... .max), radix: 16)

    /// Opens the database, checks it (`PRAGMA quick_check`), applies pending migrations, and
    /// opens the reader pool. Throws `corruptDatabase` for a file that is not a sound database,
    /// `schemaTooNew` for a database written by a newer Kassa, `storageFailure` otherwise.
    public init(configuration: Configuration) throws {
        self.configuration = configuration
        do {
            let connection = try Connection(path: configuration.path)
            try connection.configure(synchronous: configuration.synchronous,
                                     busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds, readOnly: false)
            if configuration.checksIntegrityAtOpen { try Self.refuseIfCorrupt(connection, path: configuration.path) }
            _ = try Migrator.migrate(connection, migrations: Schema.migrations, now: configuration.now())
            if configuration.marksInterruptedCallsAtOpen {
                try connection.transaction(immediate: true) {
                    _ = try Self.markInterruptedCalls(connection, source: .api, detail: Self.interruptedAtStartDetail,
                                                      now: configuration.now(), queuesDelivery: configuration.queuesEventsForDelivery)
                }
            }
            writer = GroupCommitWriter(connection: connection)
            idleReaders = Mutex(try (0..<max(1, configuration.readerCount)).map { _ in
                let reader = try Connection(path: configuration.path, readOnly: true)
                try reader.configure(synchronous: configuration.synchronous,
                                     busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds, readOnly: true)
                return reader
            })
        } catch let error as SQLiteError where error.fault?.kind == .corrupt {
            throw PaymentStoreError.corruptDatabase(path: configuration.path, finding: "SQLite: " + error.message)
        } catch {
            throw SQLiteStore.domainError(error)
        }
        readerSlots = DispatchSemaphore(value: max(1, configuration.readerCount))
    }

    /// `PRAGMA quick_check` (the O(N) subset of `integrity_check`: every page and record is
    /// well formed, without cross-checking indexes): a corrupt file is refused before anything
    /// is served from it or written to it.
    private static func refuseIfCorrupt(_ connection: Connection, path: String) throws {
        let findings = try connection.query("PRAGMA quick_check") { $0.text(0) }
        guard findings != ["ok"] else { return }
        throw PaymentStoreError.corruptDatabase(path: path, finding: "PRAGMA quick_check: " + findings.prefix(3).joined(separator: "; "))
    }

    /// Runs the migrations alone (`kassa migrate`): brings the database at `path` to `version`
    /// (default: the latest this binary knows) and returns the versions before and after.
    @discardableResult
    public static func migrate(path: String, upTo version: Int? = nil, migrations: [Migration] = Schema.migrations,
                               now: Date = Date()) throws -> (from: Int, to: Int) {
        do {
            let connection = try Connection(path: path)
            defer { connection.close() }
            try connection.configure(synchronous: .full, busyTimeoutMilliseconds: 5_000, readOnly: false)
            return try Migrator.migrate(connection, migrations: migrations, upTo: version, now: now)
        } catch {
            throw domainError(error)
        }
    }

    /// The schema version of the database at `path` (0 when empty).
    public static func schemaVersion(path: String) throws -> Int {
        do {
            let connection = try Connection(path: path)
            defer { connection.close() }
            let hasTable = try connection.queryFirst(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") { _ in true } ?? false
            return hasTable ? try Migrator.version(connection) : 0
        } catch {
            throw domainError(error)
        }
    }

    /// See `StoreHealth.location`: the database file's path.
    public var location: String { configuration.path }

    /// See `StoreHealth.schemaVersions()`.
    public func schemaVersions() async throws -> (applied: Int, known: Int) {
        (try Self.schemaVersion(path: configuration.path), Schema.migrations.last?.version ?? 0)
    }

    /// `PRAGMA integrity_check` on the writer: `["ok"]` for a sound database, else SQLite's findings.
    public func integrityCheck() async throws -> [String] {
        try await onWriter(transaction: false) { try $0.query("PRAGMA integrity_check") { $0.text(0) } }
    }

    /// Throws unless a reader answers `SELECT 1`.
    public func checkReadiness() async throws {
        _ = try await onReader { try $0.queryFirst("SELECT 1") { $0.int(0) } }
    }

    /// Nil when a write reaches the disk, else what stopped it: one row of `store_probe`
    /// rewritten through the writer, so it joins a group commit and costs at most one flush. A
    /// read-only filesystem, a full disk or a corrupted file fails it where a read still works.
    public func writeProbe() async -> StorageFault? {
        let now = configuration.now()
        do {
            _ = try await writer.submit(inTransaction: true) { db in
                try db.run("INSERT OR REPLACE INTO store_probe (id, written_at) VALUES (1, ?)", [now.unixMilliseconds])
            }
            faults.noteWriteSucceeded()
            return nil
        } catch {
            _ = observed(error)
            return (error as? SQLiteError)?.fault ?? StorageFault(kind: .other, message: String(describing: error))
        }
    }

    /// Storage failures so far, by kind (every kind, zero included).
    public var storageFaultCounts: [StorageFault.Kind: Int] { faults.counts }

    // MARK: Running work on connections

    /// Commits and writes so far: `writes / commits` is the mean group-commit batch.
    public var writeStatistics: (commits: Int, writes: Int) {
        let statistics = writer.statistics
        return (statistics.commits, statistics.writes)
    }

    /// Runs `body` on the writer, inside a savepoint of the next group-committed `BEGIN IMMEDIATE`
    /// transaction unless `transaction` is false, and returns once it is on disk. Every write goes
    /// through here, which serializes them.
    @discardableResult
    func onWriter<T: Sendable>(transaction: Bool = true,
                               _ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        do {
            let result = try await writer.submit(inTransaction: transaction, body)
            if transaction { faults.noteWriteSucceeded() }
            return result
        } catch {
            throw observed(error)
        }
    }

    /// The writer itself, for tests that line up batches.
    var groupCommitWriter: GroupCommitWriter { writer }

    /// Runs `body` on a pooled reader inside a read transaction (one snapshot).
    func onReader<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readerQueue.async {
                // Waiting here blocks a Dispatch worker, not a Swift task: the pool is small and
                // queries are short, so the wait is bounded by one query.
                self.readerSlots.wait()
                let reader = self.idleReaders.withLock { $0.removeLast() }
                let result = Result { try reader.transaction(immediate: false) { try body(reader) } }
                self.idleReaders.withLock { $0.append(reader) }
                self.readerSlots.signal()
                continuation.resume(with: result.mapError(self.observed))
            }
        }
    }

    /// `error` in domain terms, counted (and reported once per kind) when it is a storage fault.
    private func observed(_ error: Error) -> Error {
        if let error = error as? SQLiteError, let fault = error.fault, faults.record(fault) {
            configuration.onFault?(fault)
        }
        return SQLiteStore.domainError(error)
    }

    private static func domainError(_ error: Error) -> Error {
        switch error {
        case let error as PaymentStoreError: error
        case let error as SQLiteError: PaymentStoreError.storageFailure(error.description)
        default: PaymentStoreError.storageFailure(String(describing: error))
        }
    }
}

extension SQLiteStore {
    /// Tests: SQLite's `PRAGMA query_only` on the writer, so that every write fails as on a
    /// read-only store (SQLITE_READONLY) while reads go on.
    func setQueryOnly(_ on: Bool) async throws {
        try await onWriter(transaction: false) { try $0.execute("PRAGMA query_only=\(on ? "ON" : "OFF")") }
    }
}
