import CPostgres
import CPostgresShim

extension PostgresStore {
    /// Nil when libpq accepts `url` (a `postgres://` URL or `key=value` pairs), else libpq's
    /// reason. Nothing is connected; the reason never repeats the password.
    public static func problem(url: String) -> String? {
        if let reason = kassa_pq_load_error() { return String(cString: reason) }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = kassa_PQconninfoParse(url, &error) else {
            defer { kassa_PQfreemem(error) }
            return error.map { String(cString: $0).trimmingSuffix() } ?? "not a PostgreSQL connection string"
        }
        kassa_PQconninfoFree(options)
        return nil
    }

    /// `url` for messages: `postgres://user@host:port/dbname` (`postgres://user@/dbname?host=/dir`
    /// for a socket directory, `[::1]` for an IPv6 address), with whatever else it set
    /// (the password above all) left out. `url` itself when libpq cannot parse it and it holds
    /// no `@` or `password`; a fixed text otherwise.
    public static func redacted(_ url: String) -> String {
        guard kassa_pq_load_error() == nil, let options = kassa_PQconninfoParse(url, nil) else {
            return url.contains("@") || url.contains("password") ? "(unparsable PostgreSQL URL)" : url
        }
        defer { kassa_PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let user = values["user"].map { $0 + "@" } ?? ""
        let host = values["host"] ?? values["hostaddr"] ?? "localhost"
        let port = values["port"].map { ":" + $0 } ?? ""
        let database = values["dbname"].map { "/" + $0 } ?? "/"
        // A Unix socket directory goes in the query, as libpq's URLs spell it.
        if host.hasPrefix("/") { return "postgres://\(user)\(database)?host=\(host)\(port.isEmpty ? "" : "&port=" + port.dropFirst())" }
        return "postgres://\(user)\(host.contains(":") ? "[\(host)]" : host)\(port)\(database)"
    }
}

private extension String {
    func trimmingSuffix() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " { text = text.dropLast() }
        return String(text)
    }
}
