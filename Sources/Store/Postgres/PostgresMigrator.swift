import FoundationEssentials
import Payments

/// Applies `PostgresSchema` under a session advisory lock, so instances starting together
/// take turns: the second finds the work done (DESIGN.md, Storage; issue 19).
enum PostgresMigrator {
    /// The advisory lock's key: any constant shared by every Kassa ("KASSAMIG" in ASCII).
    static let lockKey: Int64 = 0x4B41_5353_414D_4947

    /// Brings the database to `target` (default: the last migration), each migration in its
    /// own transaction with its `schema_migrations` row. Refuses a database newer than the last
    /// known migration. Returns the version before and after.
    /// `schema`, when given, is created first, under the lock too (two instances creating it
    /// at once would collide on its name).
    static func migrate(_ connection: PostgresConnection, schema: String? = nil, migrations: [Migration],
                        upTo target: Int? = nil, now: Date) throws -> (from: Int, to: Int) {
        precondition(migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
                     "migrations must be numbered 1, 2, 3… without gaps")
        let latest = migrations.last?.version ?? 0
        let target = target ?? latest
        // `… IF NOT EXISTS` on an existing object is a NOTICE, which libpq prints on stderr: not news.
        try connection.execute("SET client_min_messages = warning")
        try connection.run("SELECT pg_advisory_lock($1)", [lockKey])
        defer { _ = try? connection.run("SELECT pg_advisory_unlock($1)", [lockKey]) }
        // The name is checked by `PostgresStore.connectionParameters` (letters, digits, _).
        if let schema { try connection.execute("CREATE SCHEMA IF NOT EXISTS \(schema)") }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """)
        let current = try version(connection)
        guard current <= latest else {
            throw PaymentStoreError.schemaTooNew(found: current, supported: latest)
        }
        for migration in migrations where migration.version > current && migration.version <= target {
            try connection.transaction {
                for statement in migration.statements { try connection.execute(statement) }
                try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                   [migration.version, migration.name, now.unixMilliseconds])
            }
        }
        return (current, try version(connection))
    }

    /// The highest applied version (0 for an empty database).
    static func version(_ connection: PostgresConnection) throws -> Int {
        let exists = try connection.queryFirst("SELECT to_regclass('schema_migrations') IS NOT NULL") { $0.int(0) != 0 } ?? false
        guard exists else { return 0 }
        return try connection.queryFirst("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
    }
}
