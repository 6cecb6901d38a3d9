import CPostgres
import CPostgresShim
import Glibc

/// One libpq connection. Blocking: used only on the pool's own threads (`PostgresPool`), one
/// thread at a time, never on an HTTP event loop.
// @unchecked Sendable: a connection belongs to one pool worker thread for its whole life.
final class PostgresConnection: @unchecked Sendable {
    // OIDs of the parameter types the store sends explicitly (pg_type.h): text and bytea.
    private static let textOID: Oid = 25
    private static let byteaOID: Oid = 17

    /// At most this many statements are kept prepared per connection: the store's SQL is a
    /// fixed set, but a few statements are built with a varying number of parameters.
    private static let preparedLimit = 256

    private let handle: OpaquePointer
    private var isClosed = false
    /// Server-side prepared statements by SQL and parameter types: each is parsed and planned
    /// once per connection instead of on every call.
    private var prepared: [String: String] = [:]

    /// Connects with libpq's keyword/value `parameters`, in order (a later one overrides an
    /// earlier one; a `dbname` holding a URL is expanded in place). The error never repeats
    /// the parameters: they may hold a password.
    init(parameters: [(keyword: String, value: String)]) throws {
        if let reason = kassa_pq_load_error() {
            throw PostgresError(sqlState: nil, operation: "load libpq", message: String(cString: reason))
        }
        let keywords = parameters.map { strdup($0.keyword) } + [nil]
        let values = parameters.map { strdup($0.value) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let handle = keywords.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { keywordBuffer in
            values.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { valueBuffer in
                kassa_PQconnectdbParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
            }
        }
        guard let handle else {
            throw PostgresError(sqlState: nil, operation: "connect", message: "out of memory", connectionLost: true)
        }
        guard kassa_PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: kassa_PQerrorMessage(handle))
            kassa_PQfinish(handle)
            throw PostgresError(sqlState: nil, operation: "connect", message: message, connectionLost: true)
        }
        self.handle = handle
    }

    deinit { close() }

    /// Closes the connection; idempotent.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        kassa_PQfinish(handle)
    }

    /// False once the server or the network dropped the connection: the pool opens a new one.
    var isUsable: Bool { !isClosed && kassa_PQstatus(handle) == CONNECTION_OK }

    /// Reads what the server sent while the connection sat idle, without waiting: a server
    /// that ended the session meanwhile (restart, `idle_session_timeout`, an operator's
    /// `pg_terminate_backend`) said so and closed the socket, and the connection is then no
    /// longer usable — found out before a call is sent on it rather than failing that call.
    func noticeIdleDisconnect() {
        guard !isClosed else { return }
        // The first read takes the server's FATAL message, a second one finds the socket
        // closed (each returns at once when nothing is there).
        for _ in 0..<2 where kassa_PQconsumeInput(handle) == 1 {
            _ = kassa_PQisBusy(handle)
        }
    }

    /// Runs constant SQL without parameters (DDL, BEGIN/COMMIT; several statements allowed).
    func execute(_ sql: String) throws {
        let result = kassa_PQexec(handle, sql)
        defer { kassa_PQclear(result) }
        try check(result, "execute")
    }

    /// Runs a statement with `parameters` bound to `$1…`; returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ parameters: [any PostgresBindable] = []) throws -> Int {
        let result = try executeParameters(sql, parameters)
        defer { kassa_PQclear(result) }
        return Int(String(cString: kassa_PQcmdTuples(result))) ?? 0
    }

    /// Runs a query with `parameters` bound to `$1…`, mapping each row.
    func query<T>(_ sql: String, _ parameters: [any PostgresBindable] = [], _ map: (PostgresRow) throws -> T) throws -> [T] {
        let result = try executeParameters(sql, parameters)
        defer { kassa_PQclear(result) }
        let count = kassa_PQntuples(result)
        var rows: [T] = []
        rows.reserveCapacity(Int(count))
        for index in 0..<count { rows.append(try map(PostgresRow(result: result, index: index))) }
        return rows
    }

    /// The first row of a query, or nil.
    func queryFirst<T>(_ sql: String, _ parameters: [any PostgresBindable] = [], _ map: (PostgresRow) throws -> T) throws -> T? {
        let result = try executeParameters(sql, parameters)
        defer { kassa_PQclear(result) }
        return kassa_PQntuples(result) > 0 ? try map(PostgresRow(result: result, index: 0)) : nil
    }

    /// Runs `body` in a transaction (`BEGIN`, or a read-only one with a single snapshot for
    /// several reads); commits, or rolls back when `body` throws.
    func transaction<T>(readOnly: Bool = false, _ body: () throws -> T) throws -> T {
        try execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // A lost connection has no transaction left to roll back.
            if isUsable { try? execute("ROLLBACK") }
            throw error
        }
    }

    // Text parameters go in binary format with the text type, their length explicit. Numbers
    // go in text format, their type inferred from the statement; bytes as bytea, binary.
    private func executeParameters(_ sql: String, _ parameters: [any PostgresBindable]) throws -> OpaquePointer {
        let values = parameters.map(\.postgresValue)
        var types: [Oid] = []
        var formats: [Int32] = []
        var lengths: [Int32] = []
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        defer { buffers.forEach { $0?.deallocate() } }
        for value in values {
            switch value {
            case .number(let digits):
                buffers.append(Self.copy(Array(digits.utf8) + [0]))
                types.append(0)
                formats.append(0)
                lengths.append(0)
            case .text(let text):
                let bytes = Self.withoutNul(text)
                buffers.append(Self.copy(bytes))
                types.append(Self.textOID)
                formats.append(1)
                lengths.append(Int32(bytes.count))
            case .bytes(let bytes):
                buffers.append(Self.copy(bytes))
                types.append(Self.byteaOID)
                formats.append(1)
                lengths.append(Int32(bytes.count))
            case .null:
                buffers.append(nil)
                types.append(0)
                formats.append(0)
                lengths.append(0)
            }
        }
        let name = try preparedName(sql, types)
        let result = buffers.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { pointers in
            if let name {
                kassa_PQexecPrepared(handle, name, Int32(values.count), pointers.baseAddress, lengths, formats, 0)
            } else {
                kassa_PQexecParams(handle, sql, Int32(values.count), types, pointers.baseAddress, lengths, formats, 0)
            }
        }
        guard let result else {
            throw PostgresError(sqlState: nil, operation: "query", message: String(cString: kassa_PQerrorMessage(handle)),
                                connectionLost: !isUsable)
        }
        do {
            try check(result, "query")
        } catch {
            kassa_PQclear(result)
            throw error
        }
        return result
    }

    // The name of `sql` prepared with `types` on this connection, preparing it on first use;
    // nil (run unprepared) once the cache is full. A NULL's type is left to the server, so the
    // types are part of the key: a statement first seen with a NULL is prepared again for a value.
    private func preparedName(_ sql: String, _ types: [Oid]) throws -> String? {
        let key = types.map(String.init).joined(separator: ",") + ";" + sql
        if let name = prepared[key] { return name }
        guard prepared.count < Self.preparedLimit else { return nil }
        let name = "kassa_\(prepared.count)"
        let result = kassa_PQprepare(handle, name, sql, Int32(types.count), types)
        defer { kassa_PQclear(result) }
        try check(result, "prepare")
        prepared[key] = name
        return name
    }

    /// `text`'s UTF-8 with each NUL as U+FFFD. PostgreSQL's text cannot hold a NUL (the
    /// server refuses it, 22021) and a C string would end there; SQLite keeps it. A NUL
    /// never comes from a shop (the API refuses control characters) but may from a provider
    /// (a reference, a raw status): it is stored replaced instead of failing the write, and a
    /// lookup by the same value finds it, since every parameter is replaced the same way.
    /// JSON columns escape it (`\u0000`) and keep it exactly.
    static func withoutNul(_ text: String) -> [UInt8] {
        guard text.utf8.contains(0) else { return Array(text.utf8) }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar == "\u{0}" ? "\u{FFFD}" : scalar) }
        return Array(String(scalars).utf8)
    }

    private static func copy(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar> {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
        bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { buffer.initialize(from: $0.baseAddress!, count: bytes.count) }
        }
        return buffer
    }

    private func check(_ result: OpaquePointer?, _ operation: String) throws {
        let status = result.map(kassa_PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK, status != PGRES_EMPTY_QUERY else { return }
        let sqlState = result.flatMap { kassa_PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let message = result.flatMap { kassa_PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
            ?? String(cString: kassa_PQerrorMessage(handle))
        throw PostgresError(sqlState: sqlState, operation: operation, message: message, connectionLost: !isUsable)
    }
}
