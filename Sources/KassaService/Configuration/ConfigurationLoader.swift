import JSON

/// One loading pass: reads the file and the environment, resolves each field of
/// `ConfigurationSchema` by precedence, then checks what spans fields.
struct ConfigurationLoader {
    let environment: [String: String]
    let readFile: ConfigurationFileReader
    /// The providers this build offers.
    let modules: [any ProviderModule]
    let fields: [ConfigurationField]
    var problems: [ConfigurationProblem] = []
    /// The file's leaf values by field path.
    var fileValues: [String: JSONValue] = [:]
    var filePath: String?

    init(environment: [String: String], readFile: @escaping ConfigurationFileReader,
         modules: [any ProviderModule] = ProviderModules.builtIn) {
        self.environment = environment
        self.readFile = readFile
        self.modules = modules
        fields = ConfigurationSchema.fields(modules: modules)
    }

    mutating func run(arguments: [String]) -> ConfigurationReport {
        readConfigurationFile(arguments: arguments)
        checkEnvironmentNames()
        var configuration = KassaConfiguration()
        for field in fields {
            let value = sourceValue(of: field).flatMap { $0.isEmpty ? nil : $0 } ?? field.fallbackValue(for: configuration)
            field.assign(&configuration, value)
        }
        checkRequiredFields(of: configuration)
        checkRules(of: configuration)
        resolveDatabase(of: &configuration)
        let variables = environment.keys.filter { $0.hasPrefix("KASSA_") }.sorted()
        return ConfigurationReport(configuration: configuration, problems: problems, file: filePath, environmentVariables: variables,
                                   modules: modules)
    }

    mutating func report(_ path: String, _ message: String, source: String? = nil) {
        problems.append(ConfigurationProblem(path: path, message: message, source: source))
    }

    /// The field's value from the strongest source that sets it, or nil. Every source that
    /// sets it is checked, so a bad value in the file is reported even while a variable
    /// overrides it.
    private mutating func sourceValue(of field: ConfigurationField) -> ConfigurationValue? {
        let name = field.environmentName
        var fromFile: ConfigurationValue?
        var fromVariable: ConfigurationValue?
        var fromSecretFile: ConfigurationValue?
        if let json = fileValues[field.path] {
            fromFile = decoded(field.decode(json), field: field, source: filePath)
        }
        if let text = environment[name] {
            fromVariable = decoded(field.decode(environment: text), field: field, source: name)
        }
        if field.isSecret, let secretFile = environment[name + "_FILE"],
           let content = readSecretFile(secretFile, variable: name + "_FILE", field: field) {
            fromSecretFile = decoded(field.decode(environment: content), field: field, source: name + "_FILE")
        }
        return fromSecretFile ?? fromVariable ?? fromFile
    }

    private mutating func decoded(
        _ result: Result<ConfigurationValue, ConfigurationProblem.Message>, field: ConfigurationField, source: String?
    ) -> ConfigurationValue? {
        switch result {
        case .success(let value): return value
        case .failure(let message):
            report(field.path, message.text, source: source)
            return nil
        }
    }

    /// A container secret's content, less one trailing newline (`echo secret > file` adds one).
    private mutating func readSecretFile(_ path: String, variable: String, field: ConfigurationField) -> String? {
        let bytes: [UInt8]?
        do {
            bytes = try readFile(path)
        } catch {
            report(field.path, "\(variable): cannot read \(path)")
            return nil
        }
        guard var bytes else {
            report(field.path, "\(variable): no such file \(path)")
            return nil
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            report(field.path, "\(variable): \(path) is not UTF-8 text")
            return nil
        }
        return text
    }

    private mutating func checkRequiredFields(of configuration: KassaConfiguration) {
        guard configuration.mode == .live else { return }
        for field in fields where field.isRequired(configuration) && field.read(configuration).isEmpty {
            let variables = field.isSecret ? "\(field.environmentName) or \(field.environmentName)_FILE" : field.environmentName
            report(field.path, "required in live mode (set it in the file or with \(variables))")
        }
    }
}
