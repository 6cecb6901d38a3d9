import FoundationEssentials
import Payments

/// `PaymentStore` on PostgreSQL, for several Kassa instances on one database (issue 19).
///
/// Every call runs on a pooled connection of `PostgresPool` (threads of its own, never an
/// HTTP event loop). The guarantees of `SQLiteStore`, which has one writer, come from the
/// database here: a checkout's updates lock its row (`SELECT … FOR UPDATE`) and re-read it;
/// idempotency keys and provider references are unique constraints; event inserts take one
/// transaction-level advisory lock, so events become visible in sequence order and a shop
/// paging `after=` never skips one; outbox and reconciler claims skip rows another instance
/// holds (`FOR UPDATE SKIP LOCKED`) and write a lease that a killed instance's successor takes over.
public final class PostgresStore: PaymentStore, ReconcilerStore, EventDeliveryStore, StoreHealth, Sendable {
    /// How the store reaches its database.
    public struct Configuration: Sendable {
        /// `postgres://user@host:port/db?sslmode=…` (libpq's URL or keyword form).
        public var url: String
        /// The password when it is kept apart from the URL (`store.password_file`).
        public var password: String?
        /// A schema of its own (created if missing) instead of `public`: tests give each case
        /// one; two Kassas with different schemas share a database without seeing each other.
        /// Letters, digits and `_` only.
        public var schema: String?
        /// Connections (and threads) in the pool.
        public var poolSize: Int
        /// How long a connection attempt may take (libpq's `connect_timeout`, unless the URL sets it).
        public var connectTimeoutSeconds: Int
        /// How long a statement waits for a row or advisory lock before failing (a hung
        /// instance holding one must not stall the others: `lock_timeout`). The migrations'
        /// lock is exempt: a second instance waits for the first's migrations whatever they take.
        public var lockTimeoutSeconds = 10
        /// How long a connection may sit idle inside a transaction before the server ends it
        /// and releases its locks (`idle_in_transaction_session_timeout`).
        public var idleInTransactionTimeoutSeconds = 60
        /// After a failed connection attempt, how long calls fail at once (as unreachable)
        /// before a connection is tried again: an unreachable database answers in microseconds
        /// instead of every call waiting out a connect timeout.
        public var reconnectDelay: Duration = .milliseconds(500)
        /// How long an idempotency key is kept (the API promises 24 h).
        public var idempotencyKeyLifetime: TimeInterval
        /// How long an outbox item handed out for delivery stays claimed: another instance
        /// takes it over after this if the claimant died before recording the attempt. It must
        /// outlast the claimant's handling of its whole batch — for the `EventDeliverer`,
        /// ⌈batch size ÷ concurrency⌉ × attempt timeout, plus a margin — or a slow batch's last
        /// items are delivered by two instances. 5 minutes by default (200 ÷ 16 × 10 s = 130 s).
        public var outboxClaimLease: TimeInterval = 300
        /// The clock: every timestamp and expiry reads it, so tests never sleep.
        public var now: @Sendable () -> Date
        /// Whether published events get an outbox row (as `SQLiteStore.Configuration`).
        public var queuesEventsForDelivery = true
        /// Told about a storage failure the first time its kind occurs since the store last wrote.
        public var onFault: (@Sendable (StorageFault) -> Void)?
        /// Whether opening marks `needs_sync` the provider calls left cut off by runs that are
        /// gone (`markInterruptedCalls`): on for the service.
        public var marksInterruptedCallsAtOpen = false

        /// A configuration with the defaults: 8 connections, 5 s connect timeout, 24 h keys.
        public init(url: String, password: String? = nil, schema: String? = nil, poolSize: Int = 8,
                    connectTimeoutSeconds: Int = 5, idempotencyKeyLifetime: TimeInterval = 24 * 3600,
                    now: @escaping @Sendable () -> Date = { Date() }) {
            self.url = url
            self.password = password
            self.schema = schema
            self.poolSize = poolSize
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.idempotencyKeyLifetime = idempotencyKeyLifetime
            self.now = now
        }
    }

    let configuration: Configuration
    let pool: PostgresPool
    let faults = StorageFaultRecorder()
    /// This run's id, recorded with each idempotency key, creation and operation it starts.
    /// Every connection of the run names it (`application_name`), so another instance can tell
    /// a live run's claim from a dead one's by asking the server which sessions exist.
    let runID = "run_" + String(UInt64.random(in: .min ... .max), radix: 16)

    /// Connects, applies pending migrations under the migration lock, and starts the pool.
    /// Throws `storeUnavailable` when the server cannot be reached, `schemaTooNew` for a
    /// database written by a newer Kassa, `storageFailure` otherwise.
    public init(configuration: Configuration) throws {
        self.configuration = configuration
        location = Self.redacted(configuration.url)
        let parameters = try Self.connectionParameters(configuration, runID: runID)
        do {
            let connection = try PostgresConnection(parameters: parameters)
            defer { connection.close() }
            _ = try PostgresMigrator.migrate(connection, schema: configuration.schema, migrations: PostgresSchema.migrations,
                                             now: configuration.now())
            if configuration.marksInterruptedCallsAtOpen {
                let runID = runID
                try connection.transaction {
                    _ = try Self.markInterruptedCalls(connection, of: .goneRuns(except: runID), source: .api,
                                                      detail: SQLiteStore.interruptedAtStartDetail, now: configuration.now(),
                                                      queuesDelivery: configuration.queuesEventsForDelivery)
                }
            }
        } catch {
            throw Self.domainError(error)
        }
        // Integers from the configuration, never input.
        pool = PostgresPool(parameters: parameters, size: configuration.poolSize, setup: """
            SET lock_timeout = '\(max(1, configuration.lockTimeoutSeconds))s';
            SET idle_in_transaction_session_timeout = '\(max(1, configuration.idleInTransactionTimeoutSeconds))s';
            SET client_min_messages = warning
            """, retryAfterFailure: configuration.reconnectDelay)
    }

    deinit { pool.close() }

    /// Closes the pool's connections once queued work is done; later calls fail as unreachable.
    /// What this run claimed (idempotency keys, creations) then counts as a gone run's.
    public func close() { pool.close() }

    /// Runs the migrations alone (`kassa migrate`): brings the database to `version` (default:
    /// the latest this binary knows) and returns the versions before and after.
    @discardableResult
    public static func migrate(configuration: Configuration, upTo version: Int? = nil,
                               migrations: [Migration] = PostgresSchema.migrations) throws -> (from: Int, to: Int) {
        do {
            let connection = try PostgresConnection(parameters: try connectionParameters(configuration, runID: "migrate"))
            defer { connection.close() }
            return try PostgresMigrator.migrate(connection, schema: configuration.schema, migrations: migrations, upTo: version,
                                                now: configuration.now())
        } catch {
            throw domainError(error)
        }
    }

    /// The schema version of the database (0 when empty).
    public static func schemaVersion(configuration: Configuration) throws -> Int {
        do {
            let connection = try PostgresConnection(parameters: try connectionParameters(configuration, runID: "version"))
            defer { connection.close() }
            return try PostgresMigrator.version(connection)
        } catch {
            throw domainError(error)
        }
    }

    /// See `StoreHealth.location`: the URL without its password (parsed once, at open).
    public let location: String

    /// See `StoreHealth.schemaVersions()`.
    public func schemaVersions() async throws -> (applied: Int, known: Int) {
        (try await onConnection { try PostgresMigrator.version($0) }, PostgresSchema.migrations.last?.version ?? 0)
    }

    /// Throws unless the server answers `SELECT 1` (`storeUnavailable` when it cannot be reached).
    public func checkReadiness() async throws {
        _ = try await onConnection { try $0.queryFirst("SELECT 1") { $0.int(0) } }
    }

    /// Nil when a write commits, else what stopped it: one row of `store_probe` rewritten.
    public func writeProbe() async -> StorageFault? {
        let now = configuration.now()
        do {
            try await pool.run { db in
                try db.transaction {
                    try db.run("""
                        INSERT INTO store_probe (id, written_at) VALUES (1, $1)
                        ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at
                        """, [now.unixMilliseconds])
                }
            }
            faults.noteWriteSucceeded()
            return nil
        } catch {
            _ = observed(error)
            // An unreachable server is `cannot_open`, as a file SQLite cannot open.
            return (error as? PostgresError)?.fault ?? StorageFault(kind: .other, message: String(describing: error))
        }
    }

    /// Storage failures so far, by kind (every kind, zero included).
    public var storageFaultCounts: [StorageFault.Kind: Int] { faults.counts }

    // MARK: Running work on connections

    /// Runs `body`, which writes, on a pooled connection: in a read-write transaction, or
    /// without one when `transaction` is false (a single statement is atomic by itself, and
    /// saves the BEGIN and COMMIT round trips). A transaction the server aborted as a deadlock
    /// or serialization failure runs again (at most 3 times): `body` must only touch the database.
    @discardableResult
    func onWriter<T: Sendable>(transaction: Bool = true,
                               _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        do {
            let result = try await pool.run { db in
                var attempt = 1
                while true {
                    do {
                        return transaction ? try db.transaction { try body(db) } : try body(db)
                    } catch let error as PostgresError where error.isRetryable && attempt < 3 {
                        attempt += 1
                    }
                }
            }
            faults.noteWriteSucceeded()
            return result
        } catch {
            throw observed(error)
        }
    }

    /// Runs `body` on a pooled connection: each statement on its own (autocommit), or in one
    /// read-only snapshot when `snapshot` (several reads that must agree).
    func onConnection<T: Sendable>(snapshot: Bool = false,
                                   _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        do {
            return try await pool.run { db in snapshot ? try db.transaction(readOnly: true) { try body(db) } : try body(db) }
        } catch {
            throw observed(error)
        }
    }

    /// `error` in domain terms, counted (and reported once per kind) when it is a storage fault.
    private func observed(_ error: Error) -> Error {
        if let error = error as? PostgresError, let fault = error.fault, faults.record(fault) {
            configuration.onFault?(fault)
        }
        return Self.domainError(error)
    }

    static func domainError(_ error: Error) -> Error {
        switch error {
        case let error as PaymentStoreError: error
        case let error as PostgresError where error.connectionLost: PaymentStoreError.storeUnavailable(error.message)
        case let error as PostgresError: PaymentStoreError.storageFailure(error.description)
        default: PaymentStoreError.storageFailure(String(describing: error))
        }
    }

    /// libpq's parameters, in order: defaults the URL may override, the URL, then what the
    /// store decides itself. The URL and password are never part of an error.
    static func connectionParameters(_ configuration: Configuration, runID: String) throws -> [(keyword: String, value: String)] {
        var parameters: [(keyword: String, value: String)] = [("connect_timeout", String(configuration.connectTimeoutSeconds))]
        parameters.append(("dbname", configuration.url))
        if let password = configuration.password { parameters.append(("password", password)) }
        parameters.append(("application_name", applicationName(runID)))
        if let schema = configuration.schema {
            guard !schema.isEmpty, schema.utf8.count <= 63,
                  schema.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }),
                  !(schema.utf8.first! >= 0x30 && schema.utf8.first! <= 0x39) else {
                throw PaymentStoreError.storageFailure("store schema must be letters, digits and _ (at most 63)")
            }
            parameters.append(("options", "-c search_path=\(schema)"))
        }
        return parameters
    }

    /// The `application_name` of a run's connections.
    static func applicationName(_ runID: String) -> String { "kassa " + runID }
}
