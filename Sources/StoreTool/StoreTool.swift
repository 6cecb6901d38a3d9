import Foundation
import Payments
import Store

/// `kassa-store-tool`: the store's own command line, for operators and for the store's tests
/// and benchmark.
///
///     kassa-store-tool migrate <db>                      apply pending migrations, print versions
///     kassa-store-tool integrity <db>                    PRAGMA integrity_check
///     kassa-store-tool crash-writer <db>                 write checkouts and events until killed,
///                                                        printing each committed write
///     kassa-store-tool bench <db> <full|normal> <count>  timed inserts and updates
@main
struct StoreTool {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch (arguments.first, arguments.count) {
            case ("migrate", 2):
                let (from, to) = try SQLiteStore.migrate(path: arguments[1])
                print("schema version \(from) -> \(to)")
            case ("integrity", 2):
                let store = try SQLiteStore(configuration: .init(path: arguments[1]))
                print(try await store.integrityCheck().joined(separator: "\n"))
            case ("crash-writer", 2):
                try await CrashWriter.run(path: arguments[1])
            case ("bench", 4):
                guard let count = Int(arguments[3]), ["full", "normal"].contains(arguments[2]) else { usage() }
                try await Benchmark.run(path: arguments[1], durability: arguments[2] == "full" ? .full : .normal, count: count)
            default:
                usage()
            }
        } catch {
            FileHandle.standardError.write(Data("kassa-store-tool: \(error)\n".utf8))
            exit(1)
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("""
            usage: kassa-store-tool migrate <db> | integrity <db> | crash-writer <db> | bench <db> <full|normal> <count>

            """.utf8))
        exit(2)
    }
}
