/// What `kassa check-config` prints and its exit status.
public struct CheckConfigResult: Sendable {
    /// The lines to print, in order.
    public let lines: [String]
    /// 0 when the configuration is valid, 1 otherwise.
    public let exitStatus: Int32
}

extension KassaConfiguration {
    /// Loads the configuration as `serve` would and describes it: for a valid one, every
    /// field with its value, secrets only as `set (N chars)` or `missing`; for an invalid one,
    /// every problem with its path.
    public static func checkConfig(
        arguments: [String] = [], environment: [String: String], readFile: @escaping ConfigurationFileReader = readFileFromDisk
    ) -> CheckConfigResult {
        checkConfig(inspect(arguments: arguments, environment: environment, readFile: readFile))
    }

    /// The lines and status for a report already made.
    public static func checkConfig(_ report: ConfigurationReport) -> CheckConfigResult {
        var lines: [String] = []
        let sources = [report.file.map { "file \($0)" } ?? "no file (defaults)"]
            + (report.environmentVariables.isEmpty ? [] : ["\(report.environmentVariables.count) KASSA_* variables"])
        lines.append("sources: " + sources.joined(separator: ", "))
        guard report.isValid else {
            lines.append("configuration is invalid: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
            lines += report.problems.map { "  " + $0.description }
            return CheckConfigResult(lines: lines, exitStatus: 1)
        }
        lines.append("configuration is valid (\(report.configuration.mode.rawValue) mode)")
        for field in ConfigurationSchema.fields(modules: report.modules) {
            let value = field.read(report.configuration)
            if let display = field.display, case .text(let text) = value, !text.isEmpty {
                lines.append("  \(field.path) = " + display(text))
            } else {
                lines.append("  \(field.path) = " + shown(value, isSecret: field.isSecret))
            }
        }
        return CheckConfigResult(lines: lines, exitStatus: 0)
    }

    private static func shown(_ value: ConfigurationValue, isSecret: Bool) -> String {
        switch value {
        case .text(let text) where isSecret: Secret(text).redacted
        case .list(let items) where isSecret:
            items.isEmpty ? "missing" : "[" + items.map { Secret($0).redacted }.joined(separator: ", ") + "]"
        case .text(let text): "\"\(text)\""
        case .integer(let integer): String(integer)
        case .boolean(let bool): String(bool)
        case .list(let items): "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .absent: "null"
        }
    }
}
