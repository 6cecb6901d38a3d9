// Typed constructors: each ties a path to a property of `KassaConfiguration` through a key
// path, so the schema reads as one line per field.

extension ConfigurationField {
    typealias Requirement = (KassaConfiguration) -> Bool

    static var never: Requirement { { _ in false } }

    /// A string (or URL, with `url: true`).
    static func text(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, String>, url: Bool = false,
        _ fallback: Fallback, required: @escaping Requirement = never, _ summary: String
    ) -> Self {
        Self(path: path, kind: url ? .url : .text, isSecret: false, summary: summary, fallback: fallback, isRequired: required,
             assign: { configuration, value in configuration[keyPath: keyPath] = value.text ?? "" },
             read: { .text($0[keyPath: keyPath]) })
    }

    /// A string or null (or URL or null, with `url: true`).
    static func optionalText(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, String?>, url: Bool = false, _ summary: String
    ) -> Self {
        Self(path: path, kind: url ? .optionalURL : .optionalText, isSecret: false, summary: summary, fallback: .value(.absent),
             isRequired: never,
             assign: { configuration, value in configuration[keyPath: keyPath] = value.text },
             read: { $0[keyPath: keyPath].map(ConfigurationValue.text) ?? .absent })
    }

    /// A secret string: never shown, also read from `NAME_FILE`.
    static func secret(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, Secret>,
        _ fallback: Fallback, required: @escaping Requirement, _ summary: String
    ) -> Self {
        Self(path: path, kind: .text, isSecret: true, summary: summary, fallback: fallback, isRequired: required,
             assign: { configuration, value in configuration[keyPath: keyPath] = Secret(value.text ?? "") },
             read: { .text($0[keyPath: keyPath].value) })
    }

    /// A list of secrets (`KASSA_API_KEYS=key1,key2`).
    static func secretList(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, [Secret]>,
        _ fallback: Fallback, required: @escaping Requirement, _ summary: String
    ) -> Self {
        Self(path: path, kind: .list, isSecret: true, summary: summary, fallback: fallback, isRequired: required,
             assign: { configuration, value in configuration[keyPath: keyPath] = (value.list ?? []).map(Secret.init) },
             read: { .list($0[keyPath: keyPath].map(\.value)) })
    }

    /// A list of strings (`KASSA_…=a,b`), empty by default.
    static func textList(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, [String]>, _ summary: String
    ) -> Self {
        Self(path: path, kind: .list, isSecret: false, summary: summary, fallback: .value(.list([])), isRequired: never,
             assign: { configuration, value in configuration[keyPath: keyPath] = value.list ?? [] },
             read: { .list($0[keyPath: keyPath]) })
    }

    /// An integer within `range`.
    static func integer(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, Int>, _ range: ClosedRange<Int>,
        default value: Int, _ summary: String
    ) -> Self {
        Self(path: path, kind: .integer(range), isSecret: false, summary: summary, fallback: .value(.integer(value)),
             isRequired: never,
             assign: { configuration, decoded in
                 if case .integer(let integer) = decoded { configuration[keyPath: keyPath] = integer }
             },
             read: { .integer($0[keyPath: keyPath]) })
    }

    /// A Boolean.
    static func boolean(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, Bool>, _ fallback: Fallback, _ summary: String
    ) -> Self {
        Self(path: path, kind: .boolean, isSecret: false, summary: summary, fallback: fallback, isRequired: never,
             assign: { configuration, decoded in
                 if case .boolean(let bool) = decoded { configuration[keyPath: keyPath] = bool }
             },
             read: { .boolean($0[keyPath: keyPath]) })
    }

    /// One of an enumeration's raw values.
    static func choice<Choice: RawRepresentable & CaseIterable>(
        _ path: String, _ keyPath: WritableKeyPath<KassaConfiguration, Choice>, default value: Choice, _ summary: String
    ) -> Self where Choice.RawValue == String {
        Self(path: path, kind: .choice(Choice.allCases.map(\.rawValue)), isSecret: false, summary: summary,
             fallback: .value(.text(value.rawValue)), isRequired: never,
             assign: { configuration, decoded in
                 if let choice = decoded.text.flatMap(Choice.init(rawValue:)) { configuration[keyPath: keyPath] = choice }
             },
             read: { .text($0[keyPath: keyPath].rawValue) })
    }
}

extension ConfigurationField.Fallback {
    /// The same text in both modes.
    static func text(_ text: String) -> Self { .value(.text(text)) }

    /// `sandbox` in sandbox mode; in live mode `live`, or nothing (the field must be set).
    static func sandbox(_ sandbox: String, live: String = "") -> Self {
        .byMode(sandbox: { _ in .text(sandbox) }, live: .text(live))
    }

    /// The provider's simulator URL (plus `suffix`) in sandbox mode; `live` or nothing in live mode.
    static func simulator(_ provider: String, suffix: String = "", live: String = "") -> Self {
        .byMode(sandbox: { .text(SandboxDefaults.simulatorURL(publicBaseURL: $0.publicBaseURL, provider: provider) + suffix) },
                live: .text(live))
    }
}

extension ConfigurationValue {
    /// The text, when this is text.
    var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The list, when this is a list.
    var list: [String]? {
        if case .list(let list) = self { return list }
        return nil
    }
}
