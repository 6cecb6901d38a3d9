extension ConfigurationLoader {
    /// Every `KASSA_*` variable must name a field (or a secret's `_FILE`): a typo would
    /// otherwise be ignored and the default silently used.
    mutating func checkEnvironmentNames() {
        var known = ConfigurationSchema.otherVariables
        for field in fields {
            known.insert(field.environmentName)
            if field.isSecret { known.insert(field.environmentName + "_FILE") }
        }
        for name in environment.keys.sorted() where name.hasPrefix("KASSA_") && !known.contains(name) {
            report(name, "unknown environment variable" + Spelling.suggestion(for: name, among: known))
        }
    }
}

/// "Did you mean" for a misspelt key or variable name.
enum Spelling {
    /// `" (did you mean client_id?)"` when one known name is within two edits, else "".
    static func suggestion(for name: String, among known: Set<String>) -> String {
        let candidates = known.map { ($0, distance(name, $0)) }.filter { $0.1 <= 2 }
        guard let best = candidates.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return "" }
        return " (did you mean \(best.0)?)"
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
