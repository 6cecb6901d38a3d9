import CSQLite

/// One SQLite connection with its statement cache. Not thread-safe by itself: the store gives
/// each connection to one thread at a time (the writer queue, or a reader checked out of the pool).
// @unchecked Sendable: a connection is used by one thread at a time — the writer only on
// the store's serial writer queue, a reader only between check-out and check-in of the pool.
final class Connection: @unchecked Sendable {
    /// How much `synchronous` waits for the disk at commit.
    enum Synchronous: String, Sendable {
        /// fsync at every commit in WAL mode: a committed transaction survives power loss.
        case full = "FULL"
        /// fsync at checkpoints only: survives a process crash (kill -9), may lose the last
        /// commits on power loss. Faster.
        case normal = "NORMAL"
    }

    private let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    private var isClosed = false

    /// Opens (creating if needed, unless `readOnly`) the database at `path`.
    init(path: String, readOnly: Bool = false) throws {
        var handle: OpaquePointer?
        // NOMUTEX: SQLite's own per-connection mutex is redundant, since the store never shares
        // a connection between threads at the same time.
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw SQLiteError(code: rc, operation: "open \(path)", message: message)
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { close() }

    /// Finalizes the cached statements and closes the connection; idempotent.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Applies the store's settings: WAL (unless read-only), foreign keys, busy timeout, and
    /// `synchronous`. Values here are our constants, never input.
    func configure(synchronous: Synchronous, busyTimeoutMilliseconds: Int32, readOnly: Bool) throws {
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        if !readOnly {
            let mode = try query("PRAGMA journal_mode=WAL") { $0.text(0) }.first
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError(code: SQLITE_ERROR, operation: "journal_mode", message: "WAL not available (got \(mode ?? "nothing"))")
            }
        }
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA synchronous=\(synchronous.rawValue)")
        if readOnly { try execute("PRAGMA query_only=ON") }
    }

    /// Runs constant SQL (DDL, pragmas, BEGIN/COMMIT) that takes no parameters.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: rc, extendedCode: sqlite3_extended_errcode(handle), operation: "exec", message: text,
                              systemErrno: sqlite3_system_errno(handle))
        }
    }

    /// Runs a statement with bound `parameters` to completion; returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ parameters: [any SQLiteBindable] = []) throws -> Int {
        let statement = try prepared(sql)
        try statement.bind(parameters)
        defer { statement.reset() }
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query with bound `parameters`, mapping each row.
    func query<T>(_ sql: String, _ parameters: [any SQLiteBindable] = [], _ map: (Row) throws -> T) throws -> [T] {
        let statement = try prepared(sql)
        try statement.bind(parameters)
        defer { statement.reset() }
        var rows: [T] = []
        while try statement.step() { rows.append(try map(Row(statement: statement))) }
        return rows
    }

    /// The first row of a query, or nil.
    func queryFirst<T>(_ sql: String, _ parameters: [any SQLiteBindable] = [], _ map: (Row) throws -> T) throws -> T? {
        let statement = try prepared(sql)
        try statement.bind(parameters)
        defer { statement.reset() }
        return try statement.step() ? map(Row(statement: statement)) : nil
    }

    /// The rowid of the last INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` for writers (take the write lock up
    /// front, so a read-then-write never fails half-way with SQLITE_BUSY), a deferred `BEGIN`
    /// for readers (one consistent snapshot). Rolls back when `body` throws.
    func transaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // After a failed COMMIT SQLite may already have rolled back; ignore that second error.
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func prepared(_ sql: String) throws -> Statement {
        if let statement = cache[sql] { return statement }
        let statement = try Statement(database: handle, sql: sql)
        cache[sql] = statement
        return statement
    }
}
