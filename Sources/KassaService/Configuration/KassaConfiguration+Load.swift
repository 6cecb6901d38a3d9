import FoundationEssentials

/// Reads a file for the configuration: its bytes, nil when it does not exist; throws when it
/// exists but cannot be read. Injected so that tests need no files.
public typealias ConfigurationFileReader = @Sendable (_ path: String) throws -> [UInt8]?

/// What loading found: the configuration (complete even when there are problems, every
/// field with a bad value left at its default) and every problem.
public struct ConfigurationReport: Sendable {
    /// The configuration; usable only when `problems` is empty.
    public let configuration: KassaConfiguration
    /// Every problem found, file first, then the environment, then cross-field rules.
    public let problems: [ConfigurationProblem]
    /// The configuration file read, if any.
    public let file: String?
    /// The `KASSA_*` variables that were read, sorted.
    public let environmentVariables: [String]
    /// The provider modules it was loaded with (their fields are part of the configuration).
    var modules: [any ProviderModule] = ProviderModules.builtIn

    /// Whether the configuration can be used.
    public var isValid: Bool { problems.isEmpty }
}

extension KassaConfiguration {
    /// The sandbox configuration: what `kassa serve` runs with when nothing is configured.
    public static var sandboxDefaults: KassaConfiguration {
        inspect(environment: [:], readFile: { _ in nil }).configuration
    }

    /// Builds the configuration from, in increasing precedence: the defaults of its mode, the
    /// JSON file (`--config PATH` in `arguments`, else `KASSA_CONFIG`, else
    /// `config/kassa.json` when it exists), `KASSA_*` variables, and for secrets `KASSA_*_FILE`.
    /// Throws every problem at once.
    public static func load(
        arguments: [String] = [], environment: [String: String], readFile: @escaping ConfigurationFileReader = readFileFromDisk
    ) throws(ConfigurationError) -> KassaConfiguration {
        let report = inspect(arguments: arguments, environment: environment, readFile: readFile)
        guard report.isValid else { throw ConfigurationError(problems: report.problems) }
        return report.configuration
    }

    /// Like `load`, but returns the configuration and its problems instead of throwing:
    /// what `check-config` reports.
    public static func inspect(
        arguments: [String] = [], environment: [String: String], readFile: @escaping ConfigurationFileReader = readFileFromDisk
    ) -> ConfigurationReport {
        inspect(arguments: arguments, environment: environment, readFile: readFile, modules: ProviderModules.builtIn)
    }

    /// `inspect` with another list of provider modules (tests: a toy provider).
    static func inspect(
        arguments: [String] = [], environment: [String: String], readFile: @escaping ConfigurationFileReader = readFileFromDisk,
        modules: [any ProviderModule]
    ) -> ConfigurationReport {
        var loader = ConfigurationLoader(environment: environment, readFile: readFile, modules: modules)
        return loader.run(arguments: arguments)
    }

    /// Reads files with FileManager; nil for a file that does not exist.
    public static let readFileFromDisk: ConfigurationFileReader = { path in
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(problems: [ConfigurationProblem(path: path, message: "cannot be read")])
        }
        return [UInt8](data)
    }
}
