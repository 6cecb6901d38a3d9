import KassaService

/// `kassa check-config [--config PATH]`: every problem with its path, or every field with its
/// value (secrets only as `set (N chars)`). Exit status 0 when valid, 1 otherwise.
enum CheckConfig {
    static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        let result = KassaConfiguration.checkConfig(arguments: arguments, environment: environment)
        for line in result.lines { print(line) }
        return result.exitStatus
    }
}
