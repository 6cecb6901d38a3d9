import FoundationEssentials
import Store

/// `kassa migrate [--database PATH]`: applies the numbered migrations and nothing else.
enum Migrate {
    static func run(_ arguments: [String]) throws {
        var path = (ProcessInfo.processInfo.environment["KASSA_DATA_DIR"] ?? "./data") + "/kassa.sqlite"
        if arguments.count == 2, arguments[0] == "--database" {
            path = arguments[1]
        } else if !arguments.isEmpty {
            throw Serve.UsageError(description: "usage: kassa migrate [--database PATH]")
        }
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let (from, to) = try SQLiteStore.migrate(path: path)
        print(from == to ? "kassa: \(path) is at schema version \(to); nothing to do" : "kassa: migrated \(path) from schema version \(from) to \(to)")
    }
}
