#if canImport(Glibc)
import Glibc
#endif

/// The fields every response starts with, `Server` and `Date` (IMF-fixdate, RFC 9110 §5.6.7),
/// as the bytes the writer copies in one piece; rebuilt at most once per second. Confined to
/// one event loop's queue.
final class FixedFields {
    private let serverName: String
    private var second: time_t = 0
    private var value: [UInt8] = []

    init(serverName: String) { self.serverName = serverName }

    /// `Server: kassa` CRLF `Date: Sun, 06 Nov 1994 08:49:37 GMT` CRLF.
    func current() -> [UInt8] {
        let now = time(nil)
        if now != second || value.isEmpty {
            second = now
            value = Self.bytes(serverName: serverName, date: Self.format(now))
        }
        return value
    }

    static func bytes(serverName: String, date: String) -> [UInt8] {
        Array("Server: \(serverName)\r\nDate: \(date)\r\n".utf8)
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ t: time_t) -> String {
        var t = t
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }
}
