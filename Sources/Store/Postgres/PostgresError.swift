import CPostgres
import Payments

/// A failure reported by libpq or the server: the SQLSTATE (when the server sent one), what was
/// being done and PostgreSQL's primary message. Internal to `Store`; the store turns it into
/// `PaymentStoreError` at its boundary. Never carries the connection string (it may hold a password).
struct PostgresError: Error, CustomStringConvertible {
    /// The five-character SQLSTATE (`23505`…), or nil for a client-side failure (no connection).
    let sqlState: String?
    /// What was being done (`connect`, `query`…).
    let operation: String
    /// PostgreSQL's or libpq's message.
    let message: String
    /// True when the connection itself failed (refused, lost, closed by the server): the pool
    /// drops it and the store reports the database unreachable.
    let connectionLost: Bool

    init(sqlState: String?, operation: String, message: String, connectionLost: Bool = false) {
        self.sqlState = sqlState
        self.operation = operation
        // libpq's messages end with a newline.
        self.message = message.trimmingTrailingNewlines()
        // Class 08 is "connection exception"; 57P01–57P03 the server shutting down or starting.
        self.connectionLost = connectionLost || sqlState?.hasPrefix("08") == true
            || ["57P01", "57P02", "57P03"].contains(sqlState ?? "")
    }

    var description: String { "PostgreSQL \(operation) failed (\(sqlState ?? "no SQLSTATE")): \(message)" }

    /// unique_violation: a UNIQUE or PRIMARY KEY constraint refused the row.
    var isUniqueViolation: Bool { sqlState == "23505" }

    /// serialization_failure or deadlock_detected: the whole transaction may be run again.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
}

extension PostgresError {
    /// The fault this error is (a metric label and a log field), or nil when it is an answer
    /// rather than a failure (a constraint: the caller turns it into a domain error).
    var fault: StorageFault? {
        let kind: StorageFault.Kind
        let state = sqlState ?? ""
        switch state {
        case _ where connectionLost: kind = .cannotOpen
        case _ where state.hasPrefix("23"): return nil                 // integrity constraint violation
        case "25006": kind = .readOnly                                  // read_only_sql_transaction
        case "53100": kind = .diskFull                                  // disk_full
        case "XX001", "XX002": kind = .corrupt                          // data_corrupted, index_corrupted
        case "40001", "40P01", "55P03", "57014": kind = .busy           // serialization, deadlock, lock, timeout
        case _ where state.hasPrefix("58"): kind = .ioError             // system error (I/O)
        default: kind = .other
        }
        return StorageFault(kind: kind, message: description)
    }
}

private extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " { text = text.dropLast() }
        return String(text)
    }
}
