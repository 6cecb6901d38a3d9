import JSON

/// A field's value between its source and the typed configuration.
enum ConfigurationValue: Equatable {
    case text(String)
    case integer(Int)
    case boolean(Bool)
    case list([String])
    /// JSON `null`, or an optional field left empty.
    case absent

    /// Whether a required field would count this as missing.
    var isEmpty: Bool {
        switch self {
        case .text(let text): text.isEmpty
        case .list(let list): list.isEmpty
        case .absent: true
        case .integer, .boolean: false
        }
    }
}

/// One configuration field: its JSON path, how its sources are decoded and checked, its
/// default in each mode, whether it is a secret, and where it lives in `KassaConfiguration`.
/// `ConfigurationSchema.fields` lists them all; loading, `check-config` and the docs' table
/// all follow that one list.
struct ConfigurationField {
    /// The value's shape, which decides decoding and checks.
    enum Kind {
        case text
        case optionalText
        case url
        case optionalURL
        case integer(ClosedRange<Int>)
        case boolean
        case list
        case choice([String])
    }

    /// Where a field's value comes from when no source sets it.
    enum Fallback {
        /// The same value in both modes.
        case value(ConfigurationValue)
        /// Computed from fields listed before this one.
        case derived((KassaConfiguration) -> ConfigurationValue)
        /// A sandbox value (a seed's example, a simulator URL) and a live one; an empty live
        /// value means the field must be configured in live mode when `isRequired` says so.
        case byMode(sandbox: (KassaConfiguration) -> ConfigurationValue, live: ConfigurationValue)
    }

    /// `providers.secuconnect.client_id`.
    let path: String
    let kind: Kind
    /// Whether the value must never be shown; such a field can also come from `NAME_FILE`.
    let isSecret: Bool
    /// One line for the documentation.
    let summary: String
    let fallback: Fallback
    /// Whether an empty value is an error in live mode, given the rest of the configuration.
    let isRequired: (KassaConfiguration) -> Bool
    let assign: (inout KassaConfiguration, ConfigurationValue) -> Void
    let read: (KassaConfiguration) -> ConfigurationValue
    /// How `check-config` shows a secret text that has a safe part (`store.url` without its
    /// password); nil: `set (N chars)`.
    var display: ((String) -> String)?

    /// This field, shown by `check-config` through `display` when set.
    func shown(as display: @escaping (String) -> String) -> Self {
        var copy = self
        copy.display = display
        return copy
    }

    /// `KASSA_` and the path in upper snake case: `KASSA_PROVIDERS_SECUCONNECT_CLIENT_ID`.
    var environmentName: String {
        "KASSA_" + path.uppercased().replacing(".", with: "_")
    }

    /// The default for this configuration's mode.
    func fallbackValue(for configuration: KassaConfiguration) -> ConfigurationValue {
        switch fallback {
        case .value(let value): value
        case .derived(let derive): derive(configuration)
        case .byMode(let sandbox, let live): configuration.mode == .sandbox ? sandbox(configuration) : live
        }
    }
}

// MARK: Decoding and checking

extension ConfigurationField {
    /// The value of a JSON file's member, or why it is not acceptable.
    func decode(_ json: JSONValue) -> Result<ConfigurationValue, ConfigurationProblem.Message> {
        switch (kind, json) {
        case (.optionalText, .null), (.optionalURL, .null):
            return .success(.absent)
        case (.text, .string(let text)), (.optionalText, .string(let text)), (.url, .string(let text)),
             (.optionalURL, .string(let text)), (.choice, .string(let text)):
            return check(.text(text))
        case (.integer, .number(let number)):
            guard let integer = number.int64.flatMap({ Int(exactly: $0) }) else { return .failure(.expected("an integer")) }
            return check(.integer(integer))
        case (.boolean, .bool(let bool)):
            return .success(.boolean(bool))
        case (.list, .array(let elements)):
            var texts: [String] = []
            for element in elements {
                guard let text = element.stringValue else { return .failure(.expected("an array of strings")) }
                texts.append(text)
            }
            return check(.list(texts))
        default:
            return .failure(.expected(expectation, got: json.kindName))
        }
    }

    /// The value of an environment variable (or a `_FILE`'s content), or why it is not acceptable.
    func decode(environment text: String) -> Result<ConfigurationValue, ConfigurationProblem.Message> {
        switch kind {
        case .text, .url, .choice:
            return check(.text(text))
        case .optionalText, .optionalURL:
            return text.isEmpty ? .success(.absent) : check(.text(text))
        case .integer:
            guard let integer = Int(text.trimmingSpaces()) else { return .failure(.expected("an integer")) }
            return check(.integer(integer))
        case .boolean:
            switch text.trimmingSpaces().lowercased() {
            case "true", "1", "yes": return .success(.boolean(true))
            case "false", "0", "no": return .success(.boolean(false))
            default: return .failure(.expected("true or false"))
            }
        case .list:
            // Commas separate items; a `_FILE` may also put one per line.
            let items = text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" })
                .map { $0.trimmingSpaces() }
                .filter { !$0.isEmpty }
            return check(.list(items))
        }
    }

    /// Range, choice and URL checks shared by every source; URLs lose a trailing slash.
    private func check(_ value: ConfigurationValue) -> Result<ConfigurationValue, ConfigurationProblem.Message> {
        switch (kind, value) {
        case (.integer(let range), .integer(let integer)):
            guard range.contains(integer) else { return .failure(.outOfRange(range)) }
        case (.choice(let choices), .text(let text)):
            guard choices.contains(text) else {
                return .failure(.notOneOf(choices, got: isSecret ? nil : text))
            }
        case (.url, .text(let text)), (.optionalURL, .text(let text)):
            if text.isEmpty { return .success(value) }
            guard URLCheck.isValid(text) else { return .failure(.malformedURL(got: isSecret ? nil : text)) }
            return .success(.text(text.hasSuffix("/") ? String(text.dropLast()) : text))
        default:
            break
        }
        return .success(value)
    }

    /// What a JSON value of this field must be, in words.
    private var expectation: String {
        switch kind {
        case .text, .url, .choice: "a string"
        case .optionalText, .optionalURL: "a string or null"
        case .integer: "an integer"
        case .boolean: "true or false"
        case .list: "an array of strings"
        }
    }

    /// The field's type as the documentation names it.
    var typeName: String {
        switch kind {
        case .text: "string"
        case .optionalText: "string or null"
        case .url: "URL"
        case .optionalURL: "URL or null"
        case .integer(let range): "integer \(range.lowerBound)…\(range.upperBound)"
        case .boolean: "boolean"
        case .list: "list of strings"
        case .choice(let choices): choices.joined(separator: " \\| ")
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
