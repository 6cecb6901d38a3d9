import FoundationEssentials
import JSON
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Structured JSON logs, one object per line: `{"ts":…,"level":…,"msg":…, fields…}`.
/// Lines are written whole (one `write(2)` per line, under a lock) so concurrent requests
/// never interleave. Never give it a secret or card data.
final class Logger: Sendable {
    /// Where lines go: standard output by default, a closure in tests.
    typealias Sink = @Sendable (String) -> Void

    private let minimum: Int
    private let sink: Sink
    private let lock = Mutex(())

    init(level: KassaConfiguration.LogLevel, sink: Sink? = nil) {
        minimum = Self.rank(level)
        self.sink = sink ?? { line in
            let bytes = Array(line.utf8) + [0x0A]
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }

    private static func rank(_ level: KassaConfiguration.LogLevel) -> Int {
        switch level {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    func isEnabled(_ level: KassaConfiguration.LogLevel) -> Bool { Self.rank(level) >= minimum }

    /// Writes one line when `level` is enabled.
    func log(_ level: KassaConfiguration.LogLevel, _ message: String, _ fields: [(String, JSONValue)] = []) {
        guard isEnabled(level) else { return }
        var object: JSONObject = ["ts": .string(Timestamp.rfc3339(Date())), "level": .string(level.rawValue), "msg": .string(message)]
        for (key, value) in fields { object[key] = value }
        let line = JSONValue.object(object).serializedString()
        lock.withLock { _ in sink(line) }
    }
}
