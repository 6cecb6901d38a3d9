import JSON

extension ConfigurationLoader {
    /// Reads and parses the file, then collects its leaves by path; an unknown key or a
    /// section that is not an object is a problem.
    mutating func readConfigurationFile(arguments: [String]) {
        let explicitPath: String?
        switch Self.configOption(in: arguments) {
        case .failure:
            report("--config", "needs a file path")
            explicitPath = nil
        case .success(let path):
            explicitPath = path ?? environment["KASSA_CONFIG"]
        }
        let path = explicitPath ?? ConfigurationSchema.defaultFilePath
        let bytes: [UInt8]?
        do {
            bytes = try readFile(path)
        } catch {
            report("config", "cannot read \(path)")
            return
        }
        guard let bytes else {
            // Only a file asked for must exist; without one, the defaults apply (sandbox mode).
            if explicitPath != nil { report("config", "no such file \(path)") }
            return
        }
        filePath = path
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            report("config", error.description, source: path)
            return
        }
        guard case .object(let object) = document else {
            report("config", "expected an object at the top, got \(document.kindName)", source: path)
            return
        }
        collect(object, under: "")
    }

    /// `--config PATH` or `--config=PATH`: nil when absent, a failure when it has no value.
    static func configOption(in arguments: [String]) -> Result<String?, ConfigurationProblem.Message> {
        for (index, argument) in arguments.enumerated() {
            if argument.hasPrefix("--config=") {
                let path = String(argument.dropFirst("--config=".count))
                return path.isEmpty ? .failure(.expected("a path")) : .success(path)
            }
            if argument == "--config" {
                guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else { return .failure(.expected("a path")) }
                return .success(arguments[index + 1])
            }
        }
        return .success(nil)
    }

    private mutating func collect(_ object: JSONObject, under prefix: String) {
        let fieldPaths = Set(fields.map(\.path))
        for (key, value) in object {
            let path = prefix.isEmpty ? key : prefix + "." + key
            if fieldPaths.contains(path) {
                fileValues[path] = value
            } else if sectionPaths.contains(path) {
                guard case .object(let section) = value else {
                    report(path, "expected an object, got \(value.kindName)", source: filePath)
                    continue
                }
                collect(section, under: path)
            } else {
                let siblings = Set((fieldPaths.union(sectionPaths)).compactMap { known -> String? in
                    let parent = known.split(separator: ".").dropLast().joined(separator: ".")
                    return parent == prefix ? String(known.split(separator: ".").last!) : nil
                })
                report(path, "unknown key" + Spelling.suggestion(for: key, among: siblings), source: filePath)
            }
        }
    }

    /// Every path that holds fields: `http`, `providers`, `providers.secuconnect`…
    private var sectionPaths: Set<String> {
        var sections: Set<String> = []
        for field in fields {
            let parts = field.path.split(separator: ".")
            for length in stride(from: 1, to: parts.count, by: 1) {
                sections.insert(parts.prefix(length).joined(separator: "."))
            }
        }
        return sections
    }
}
