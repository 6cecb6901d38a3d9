import FoundationEssentials
import KassaService
import Store

/// `kassa migrate [--config PATH] [--database PATH]`: applies the numbered migrations to the
/// configured store — PostgreSQL when `store.url` is set, else `{data_dir}/kassa.sqlite` — or
/// to the given SQLite file, and nothing else.
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
            if let url = configuration.store.database {
                // Under the same advisory lock as `kassa serve`'s start: safe beside running instances.
                let store = PostgresStore.Configuration(url: configuration.store.url.value,
                                                        password: url.password.isEmpty ? nil : url.password.value)
                report(try PostgresStore.migrate(configuration: store), location: url.description)
                return
            }
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            path = configuration.databasePath
        }
        report(try SQLiteStore.migrate(path: path), location: path)
    }

    private static func report(_ versions: (from: Int, to: Int), location: String) {
        let (from, to) = versions
        print(from == to ? "kassa: \(location) is at schema version \(to); nothing to do"
                         : "kassa: migrated \(location) from schema version \(from) to \(to)")
    }
}
