import FoundationEssentials
import JSON
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Structured JSON logs, one object per line: `{"ts":…,"level":…,"msg":…, fields…}`.
/// Lines go to standard output through the process's `LineWriter`: a caller (an event loop
/// writing the access log line) copies its line into a buffer and never waits for the write;
/// when the buffer is full the line is dropped and counted (`droppedLines`). Lines are whole,
/// so concurrent requests never interleave. Never give it a secret or card data.
final class Logger: Sendable {
    /// Where lines go instead of standard output (tests): called at once, under a lock.
    typealias Sink = @Sendable (String) -> Void

    private enum Output: Sendable {
        case writer(LineWriter)
        case sink(Sink)
    }

    private let minimum: Int
    private let output: Output
    /// Serialises calls of a sink.
    private let sinkLock = Mutex(())

    /// A logger writing to `sink` when given, else to standard output.
    init(level: KassaConfiguration.LogLevel, sink: Sink? = nil) {
        minimum = Self.rank(level)
        output = sink.map { .sink($0) } ?? .writer(.standardOutput)
    }

    /// A logger writing through `writer` (tests of the buffered path).
    init(level: KassaConfiguration.LogLevel, writer: LineWriter) {
        minimum = Self.rank(level)
        output = .writer(writer)
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

    /// Lines dropped because the writer's buffer was full or standard output refused them
    /// (`kassa_log_lines_dropped_total`); 0 for a sink.
    var droppedLines: Int {
        if case .writer(let writer) = output { return writer.droppedLines }
        return 0
    }

    /// Waits (at most `timeout`) until the lines logged so far are written: before exiting.
    func flush(timeout: Duration = .seconds(2)) {
        if case .writer(let writer) = output { writer.flush(timeout: timeout) }
    }

    /// Writes one line when `level` is enabled.
    func log(_ level: KassaConfiguration.LogLevel, _ message: String, _ fields: [(String, JSONValue)] = []) {
        guard isEnabled(level) else { return }
        let line = Self.line(level, message, fields)
        switch output {
        case .writer(let writer): writer.write(line)
        case .sink(let sink): sinkLock.withLock { _ in sink(String(decoding: line, as: UTF8.self)) }
        }
    }

    /// `{"ts":…,"level":…,"msg":…,` then the fields in order, as bytes, in one buffer: the
    /// access log writes one per request. A field must not be named `ts`, `level` or `msg`.
    static func line(_ level: KassaConfiguration.LogLevel, _ message: String, _ fields: [(String, JSONValue)]) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"ts":""#.utf8)
        line.append(contentsOf: timestamp().utf8)
        line.append(contentsOf: #"","level":""#.utf8)
        line.append(contentsOf: level.rawValue.utf8)
        line.append(contentsOf: #"","msg":"#.utf8)
        JSONValue.string(message).serialize(into: &line)
        for (key, value) in fields {
            line.append(UInt8(ascii: ","))
            JSONValue.string(key).serialize(into: &line)
            line.append(UInt8(ascii: ":"))
            value.serialize(into: &line)
        }
        line.append(UInt8(ascii: "}"))
        return line
    }

    /// Now as RFC 3339 in UTC with milliseconds (`2026-11-23T20:13:28.123Z`, as `Timestamp`
    /// writes), from the real-time clock: no `Date` and no format style per line, which cost
    /// more than the rest of the access log line.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return timestamp(seconds: now.tv_sec, milliseconds: Int(now.tv_nsec / 1_000_000))
    }

    static func timestamp(seconds: time_t, milliseconds: Int) -> String {
        var t = seconds
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var i = 0
            func put(_ value: Int, digits: Int) {
                var v = value
                for k in stride(from: digits - 1, through: 0, by: -1) {
                    buffer[i + k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                i += digits
            }
            func put(_ byte: Unicode.Scalar) { buffer[i] = UInt8(ascii: byte); i += 1 }
            put(Int(parts.tm_year) + 1900, digits: 4); put("-")
            put(Int(parts.tm_mon) + 1, digits: 2); put("-")
            put(Int(parts.tm_mday), digits: 2); put("T")
            put(Int(parts.tm_hour), digits: 2); put(":")
            put(Int(parts.tm_min), digits: 2); put(":")
            put(Int(parts.tm_sec), digits: 2); put(".")
            put(milliseconds, digits: 3); put("Z")
            return i
        }
    }
}
