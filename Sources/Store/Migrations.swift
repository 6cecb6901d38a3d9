import FoundationEssentials
import Payments

/// One numbered schema change: a list of constant SQL statements applied in one transaction
/// and recorded in `schema_migrations`.
public struct Migration: Sendable {
    /// The version this migration brings the schema to (1, 2, 3… without gaps).
    public let version: Int
    /// A short name for the operator.
    public let name: String
    /// The statements, run in order.
    public let statements: [String]

    /// A migration.
    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

/// Applies migrations to a connection.
enum Migrator {
    /// Brings the database to `target` (default: the last migration). Each migration runs in
    /// its own transaction together with its `schema_migrations` row, so a crash leaves the
    /// schema at a recorded version. Refuses a database newer than the last known migration.
    /// Returns the version before and after.
    static func migrate(_ connection: Connection, migrations: [Migration], upTo target: Int? = nil,
                        now: Date) throws -> (from: Int, to: Int) {
        precondition(migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
                     "migrations must be numbered 1, 2, 3… without gaps")
        let latest = migrations.last?.version ?? 0
        let target = target ?? latest
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """)
        let current = try version(connection)
        guard current <= latest else {
            throw PaymentStoreError.schemaTooNew(found: current, supported: latest)
        }
        for migration in migrations where migration.version > current && migration.version <= target {
            try connection.transaction(immediate: true) {
                // Re-check inside the lock: another process may have migrated meanwhile.
                guard try version(connection) < migration.version else { return }
                for statement in migration.statements { try connection.execute(statement) }
                try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                   [migration.version, migration.name, now.unixMilliseconds])
            }
        }
        return (current, try version(connection))
    }

    /// The highest applied version (0 for an empty database).
    static func version(_ connection: Connection) throws -> Int {
        try connection.queryFirst("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
    }
}

extension Date {
    /// Milliseconds since 1970 UTC: how the store keeps every timestamp (integers sort, compare
    /// and index cheaply, and carry no time zone).
    var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The date `milliseconds` after 1970 UTC.
    init(unixMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
