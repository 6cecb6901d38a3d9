import CSQLite

/// A failure reported by SQLite: the result code, the call that failed and SQLite's message.
/// Internal to `Store`; the store turns it into `PaymentStoreError` at its boundary.
struct SQLiteError: Error, CustomStringConvertible {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`…).
    let code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`…).
    let extendedCode: Int32
    /// What was being done (`prepare`, `step`, `open`…).
    let operation: String
    /// SQLite's message.
    let message: String
    /// The operating system's `errno` of the failing call (`sqlite3_system_errno`), 0 if none:
    /// it tells a read-only filesystem (EROFS) and a full one (ENOSPC) from other I/O errors.
    let systemErrno: Int32

    init(code: Int32, extendedCode: Int32? = nil, operation: String, message: String, systemErrno: Int32 = 0) {
        self.code = code & 0xff
        self.extendedCode = extendedCode ?? code
        self.operation = operation
        self.message = message
        self.systemErrno = systemErrno
    }

    var description: String { "SQLite \(operation) failed (\(extendedCode)): \(message)" }

    /// True for a UNIQUE or PRIMARY KEY violation.
    var isUniqueViolation: Bool {
        extendedCode == SQLiteError.constraintUnique || extendedCode == SQLiteError.constraintPrimaryKey
    }

    // The extended codes are C macros built with shifts, which Swift does not import:
    // SQLITE_CONSTRAINT_UNIQUE is (SQLITE_CONSTRAINT | (8<<8)), _PRIMARYKEY (SQLITE_CONSTRAINT | (6<<8)).
    private static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)
    private static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
}
