/// A value sent as a statement parameter (`$1…`). Every value from outside reaches SQL this
/// way; SQL text is never built from input. Numbers and text go in PostgreSQL's text format
/// (the server parses them for the column's type); bytes go in binary format, as they are.
enum PostgresValue {
    /// An integer, in text format; its type comes from the statement.
    case number(String)
    /// Text (type `text`), sent with its length.
    case text(String)
    case bytes([UInt8])
    case null
}

/// A Swift value that binds as a statement parameter.
protocol PostgresBindable {
    var postgresValue: PostgresValue { get }
}

extension Int64: PostgresBindable {
    var postgresValue: PostgresValue { .number(String(self)) }
}

extension Int: PostgresBindable {
    var postgresValue: PostgresValue { .number(String(self)) }
}

extension Bool: PostgresBindable {
    // The schema keeps flags as 0/1 integers, as SQLite's does.
    var postgresValue: PostgresValue { .number(self ? "1" : "0") }
}

extension String: PostgresBindable {
    var postgresValue: PostgresValue { .text(self) }
}

extension Array: PostgresBindable where Element == UInt8 {
    var postgresValue: PostgresValue { .bytes(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    var postgresValue: PostgresValue { self?.postgresValue ?? .null }
}
