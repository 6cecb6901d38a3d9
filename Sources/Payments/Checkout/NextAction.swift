import JSON

/// What the buyer must do next to pay: a type name and the fields the shop's page needs, shown
/// to the shop as they are. A provider adds its own kind (a widget, a plugin) by choosing a new
/// `type`; the domain does not list them.
public struct NextAction: Sendable, Equatable {
    /// The kind, e.g. `redirect`; lowercase with underscores by convention.
    public var type: String
    /// The kind's fields (without `type`), e.g. `url` for a redirect.
    public var fields: JSONObject

    /// An action of `type` with `fields`.
    public init(type: String, fields: JSONObject = [:]) {
        self.type = type
        self.fields = fields
    }

    /// Send the buyer to `url` (the provider's hosted page).
    public static func redirect(url: String) -> NextAction {
        NextAction(type: "redirect", fields: ["url": .string(url)])
    }

    /// A page the provider made for the buyer (SmartCredit's FranFinance journey): Kassa keeps
    /// it with the attempt, serves it at `/pay/{checkout id}` and answers the shop a `redirect`
    /// there. Never shown to the shop as it is.
    public static func hostedPage(html: String) -> NextAction {
        NextAction(type: hostedPageType, fields: ["html": .string(html)])
    }

    /// The `type` of `hostedPage(html:)`.
    public static let hostedPageType = "kassa_hosted_page"

    /// The page of a `hostedPage(html:)` action; nil for any other.
    public var hostedPageHTML: String? { type == Self.hostedPageType ? fields["html"]?.stringValue : nil }

    /// The shop's JSON shape: `{"type": …, …fields}`; a field named `type` is ignored.
    public var json: JSONValue {
        var object: JSONObject = ["type": .string(type)]
        for (key, value) in fields where key != "type" { object[key] = value }
        return .object(object)
    }

    /// Reads `json`'s shape back; nil unless it is an object with a string `type`.
    public init?(json: JSONValue) {
        guard let object = json.objectValue, let type = object["type"]?.stringValue else { return nil }
        var fields = JSONObject()
        for (key, value) in object where key != "type" { fields[key] = value }
        self.init(type: type, fields: fields)
    }
}
