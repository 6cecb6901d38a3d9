import FoundationEssentials
import KassaService
import Store

/// `kassa migrate [--config PATH] [--database PATH]`: applies the numbered migrations to
/// `{data_dir}/kassa.sqlite` (or the given file) and nothing else.
enum Migrate {
    static func run(_ arguments: [String], environment: [String: String]) throws {
        var configArguments: [String] = []
        var database: String?
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--database" where i + 1 < arguments.count: database = arguments[i + 1]; i += 2
            case "--config" where i + 1 < arguments.count: configArguments += ["--config", arguments[i + 1]]; i += 2
            case let flag where flag.hasPrefix("--config="): configArguments.append(flag); i += 1
            default: throw Serve.UsageError(description: "usage: kassa migrate [--config PATH] [--database PATH]")
            }
        }
        let path: String
        if let database {
            path = database
        } else {
            let configuration = try KassaConfiguration.load(arguments: configArguments, environment: environment)
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            path = configuration.databasePath
        }
        let (from, to) = try SQLiteStore.migrate(path: path)
        print(from == to ? "kassa: \(path) is at schema version \(to); nothing to do" : "kassa: migrated \(path) from schema version \(from) to \(to)")
    }
}
