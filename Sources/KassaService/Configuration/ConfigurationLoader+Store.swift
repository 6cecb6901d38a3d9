extension ConfigurationLoader {
    /// Parses `store.url` and puts the password in it (from the URL or `store.password_file`,
    /// never both: which one wins would be a guess). A problem never quotes the URL.
    mutating func resolveDatabase(of configuration: inout KassaConfiguration) {
        let store = configuration.store
        guard !store.url.isEmpty else {
            if store.passwordFile != nil {
                report("store.password_file", "set without store.url: the SQLite store has no password")
            }
            return
        }
        var database: DatabaseURL
        switch DatabaseURL.parse(store.url.value) {
        case .failure(let problem):
            report("store.url", problem.message)
            return
        case .success(let parsed):
            database = parsed
        }
        if let path = store.passwordFile {
            guard database.password.isEmpty else {
                report("store.password_file", "store.url already holds a password: keep one of them")
                return
            }
            guard let password = readPasswordFile(path) else { return }
            database.password = Secret(password)
        }
        // A password sent in clear to another machine: libpq's default (prefer) falls back to
        // an unencrypted connection without saying so.
        if configuration.mode == .live, !database.isLocal, !database.sslMode.requiresEncryption {
            report("store.url", "a database on another machine needs sslmode=require, verify-ca or verify-full in live mode")
        }
        configuration.store.database = database
    }

    /// The file's content less one trailing newline, or nil after reporting why not.
    private mutating func readPasswordFile(_ path: String) -> String? {
        let bytes: [UInt8]?
        do {
            bytes = try readFile(path)
        } catch {
            report("store.password_file", "cannot read \(path)")
            return nil
        }
        guard var bytes else {
            report("store.password_file", "no such file \(path)")
            return nil
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self), !text.isEmpty else {
            report("store.password_file", "\(path) is empty or not UTF-8 text")
            return nil
        }
        return text
    }
}
