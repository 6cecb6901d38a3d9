/// `store.url`: where a PostgreSQL store lives, `postgres://user[:password]@host[:port]/database[?sslmode=…]`
/// (the URI form of libpq's connection strings, PostgreSQL docs §34.1.1.2, restricted to what
/// Kassa needs). Parsed at start so that a typo is a configuration problem, not a failed first
/// request; `description` never contains the password.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode` values (§34.19.1).
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"

        /// Whether the server's identity or at least an encrypted channel is demanded.
        var requiresEncryption: Bool { self == .require || self == .verifyCA || self == .verifyFull }
    }

    /// The host name or address (brackets removed from an IPv6 literal); a path: a Unix socket directory.
    public let host: String
    /// The TCP port (5432 when the URL names none).
    public let port: Int
    /// The database name.
    public let database: String
    /// The role; empty: libpq's default (the operating system user).
    public let user: String
    /// The password, from the URL or from `store.password_file`.
    public var password: Secret
    /// `sslmode`; libpq's default `prefer` when absent.
    public let sslMode: SSLMode
    /// `connect_timeout` in seconds; nil: libpq's default (none).
    public let connectTimeoutSeconds: Int?
    /// `application_name`, shown in `pg_stat_activity`.
    public let applicationName: String?

    /// The query parameters understood; any other one is a problem (a typo of `sslmode` would
    /// otherwise silently mean an unencrypted connection).
    static let parameters = ["sslmode", "connect_timeout", "application_name", "host"]

    /// Whether the server is on this machine (loopback or a Unix socket): the password never
    /// crosses a network.
    public var isLocal: Bool {
        host.hasPrefix("/") || host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The URL without its password: what `check-config` and log lines show.
    public var description: String {
        let userPart = user.isEmpty ? "" : percentEncoded(user) + "@"
        let hostPart = host.hasPrefix("/") ? "" : (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        var query = ["sslmode=\(sslMode.rawValue)"]
        if host.hasPrefix("/") { query.append("host=" + percentEncoded(host)) }
        if let connectTimeoutSeconds { query.append("connect_timeout=\(connectTimeoutSeconds)") }
        if let applicationName { query.append("application_name=" + percentEncoded(applicationName)) }
        return "postgres://\(userPart)\(hostPart)/\(percentEncoded(database))?" + query.joined(separator: "&")
    }

    /// libpq's keyword/value pairs (`PQconnectdbParams`), the password included: for the store only.
    public var connectionParameters: [(keyword: String, value: String)] {
        var pairs: [(String, String)] = [("host", host), ("port", String(port)), ("dbname", database),
                                         ("sslmode", sslMode.rawValue)]
        if !user.isEmpty { pairs.append(("user", user)) }
        if !password.isEmpty { pairs.append(("password", password.value)) }
        if let connectTimeoutSeconds { pairs.append(("connect_timeout", String(connectTimeoutSeconds))) }
        pairs.append(("application_name", applicationName ?? "kassa"))
        return pairs
    }

    /// The same as one `key='value'` connection string (`PQconnectdb`), values quoted per §34.1.1.1.
    public var connectionString: String {
        connectionParameters.map { keyword, value in
            keyword + "='" + value.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
        }.joined(separator: " ")
    }
}

extension DatabaseURL {
    /// Parses `text`, or says what is wrong with it without quoting it (it may hold a password).
    public static func parse(_ text: String) -> Result<DatabaseURL, DatabaseURLProblem> {
        guard let schemeEnd = text.firstRange(of: "://"),
              ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound]) else {
            return .failure(.init("must start with postgres:// or postgresql://"))
        }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }), !text.contains("#") else {
            return .failure(.init("must not contain spaces, control characters or a fragment"))
        }
        let rest = text[schemeEnd.upperBound...]
        let beforeQuery = rest.prefix { $0 != "?" }
        let queryText = rest.dropFirst(beforeQuery.count + 1)
        let authority = beforeQuery.prefix { $0 != "/" }
        let path = beforeQuery.dropFirst(authority.count + 1)

        var user = "", password = ""
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let decodedUser = percentDecoded(parts[0]),
                  let decodedPassword = parts.count > 1 ? percentDecoded(parts[1]) : "" else {
                return .failure(.init("the user or password has a malformed %-escape"))
            }
            (user, password) = (decodedUser, decodedPassword)
        }
        var host = String(hostPort), portText = ""
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return .failure(.init("an IPv6 host lacks its ]")) }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return .failure(.init("unexpected text after the IPv6 host")) }
            portText = String(after.dropFirst())
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = String(hostPort[hostPort.index(after: colon)...])
        }
        var port = 5432
        if !portText.isEmpty || hostPort.hasSuffix(":") {
            guard portText.count <= 5, portText.allSatisfy(\.isASCII), let number = Int(portText), (1...65_535).contains(number) else {
                return .failure(.init("the port must be a number from 1 to 65535"))
            }
            port = number
        }
        guard let database = percentDecoded(path), !database.isEmpty, !database.contains("/") else {
            return .failure(.init("must name the database: postgres://user@host:port/database"))
        }

        var sslMode = SSLMode.prefer
        var connectTimeout: Int?
        var applicationName: String?
        for pair in queryText.split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(keyValue[0])
            guard keyValue.count == 2, let value = percentDecoded(keyValue[1]) else {
                return .failure(.init("the query parameter \(parameters.contains(key) ? key : "") must be name=value"))
            }
            switch key {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    return .failure(.init("sslmode must be one of " + SSLMode.allCases.map(\.rawValue).joined(separator: ", ")))
                }
                sslMode = mode
            case "connect_timeout":
                guard let seconds = Int(value), (1...600).contains(seconds) else {
                    return .failure(.init("connect_timeout must be a number of seconds from 1 to 600"))
                }
                connectTimeout = seconds
            case "application_name":
                applicationName = value
            case "host":
                // libpq's way to name a Unix socket directory: postgres:///kassa?host=/run/postgresql
                guard value.hasPrefix("/"), host.isEmpty else {
                    return .failure(.init("the host parameter is only for a Unix socket directory, with no host before the path"))
                }
                host = value
            default:
                let suggestion = Spelling.suggestion(for: key, among: Set(parameters))
                return .failure(.init("unknown query parameter (only \(parameters.joined(separator: ", ")))" + suggestion))
            }
        }
        guard !host.isEmpty else { return .failure(.init("must name a host (or ?host=/socket/directory)")) }
        return .success(DatabaseURL(host: host, port: port, database: database, user: user, password: Secret(password),
                                    sslMode: sslMode, connectTimeoutSeconds: connectTimeout, applicationName: applicationName))
    }

    /// RFC 3986 §2.1 decoding; nil for a malformed escape or bytes that are not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Unreserved characters (RFC 3986 §2.3) as they are, everything else %-escaped.
    private func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "-._~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

/// Why a `store.url` is not acceptable; never quotes the URL.
public struct DatabaseURLProblem: Error, Sendable, Equatable {
    /// What is wrong, in words.
    public let message: String

    init(_ message: String) { self.message = message }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
