import CSQLite

/// A prepared statement: bind, step, read columns. Owned by one `Connection`, which caches it
/// by SQL text and finalizes it when the connection closes.
final class Statement {
    // SQLITE_TRANSIENT is a C macro Swift cannot import: the constant -1 cast to the destructor
    // type, telling SQLite to copy the bytes before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    let handle: OpaquePointer
    private let database: OpaquePointer

    init(database: OpaquePointer, sql: String) throws {
        var handle: OpaquePointer?
        let rc = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard rc == SQLITE_OK, let handle else {
            throw SQLiteError(code: rc, extendedCode: sqlite3_extended_errcode(database), operation: "prepare",
                              message: String(cString: sqlite3_errmsg(database)) + " in: \(sql)")
        }
        self.handle = handle
        self.database = database
    }

    func finalize() { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to parameters 1…n.
    func bind(_ values: [any SQLiteBindable]) throws {
        // Every parameter is bound below, so clearing the old bindings first is unnecessary.
        sqlite3_reset(handle)
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)),
                     "statement takes \(sqlite3_bind_parameter_count(handle)) parameters, given \(values.count)")
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value.sqliteValue {
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let v):
                // With an explicit byte length, so a NUL inside the string is kept, not a terminator.
                var utf8 = Array(v.utf8)
                if utf8.isEmpty { utf8 = [0] }
                let length = Int32(v.utf8.count)
                rc = utf8.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        sqlite3_bind_text(handle, index, $0.baseAddress, length, Statement.transient)
                    }
                }
            case .blob(let v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Statement.transient) }
            case .null: rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw error(rc, "bind") }
        }
    }

    /// Advances one row: true when a row is available, false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            // Reset so the cached statement releases its locks and the real error is reported.
            sqlite3_reset(handle)
            throw error(rc, "step")
        }
    }

    /// Releases the statement's read/write locks after use (required before COMMIT can
    /// succeed on a cached statement that was not stepped to completion).
    func reset() { sqlite3_reset(handle) }

    private func error(_ rc: Int32, _ operation: String) -> SQLiteError {
        SQLiteError(code: rc, extendedCode: sqlite3_extended_errcode(database), operation: operation,
                    message: String(cString: sqlite3_errmsg(database)), systemErrno: sqlite3_system_errno(database))
    }
}

/// The current row of a stepped statement. Valid only until the next `step`.
struct Row {
    let statement: Statement

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement.handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement.handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement.handle, column)) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement.handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement.handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
