import HTTP
import JSON

/// `GET /docs`: the API reference, rendered by Kassa from its own OpenAPI document
/// (`/openapi.json`) as one plain HTML page: every operation with its parameters, request
/// example and answers, then every schema. No script and no external asset, so it works
/// offline and behind the strictest proxy; the document stays the one source.
enum APIReferencePage {
    /// The page for `document` (the OpenAPI JSON text).
    static func render(_ document: [UInt8]) -> HTMLPage {
        guard let root = try? JSONValue.parse(document) else {
            return HTMLPage(title: "Kassa API", body: "<h1>Kassa API</h1><p>The OpenAPI document could not be read.</p>")
        }
        var body = "<h1>\(e(root["info"]?["title"]?.stringValue ?? "Kassa")) API</h1>"
        if let description = root["info"]?["description"]?.stringValue { body += "<p>\(e(description))</p>" }
        body += ##"<nav><a href="/openapi.json">OpenAPI document (JSON)</a><a href="#schemas">Schemas</a><a href="/">Home</a></nav>"##
        body += "<h2>Operations</h2>"
        for (path, item) in root["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                body += self.operation(method: method, path: path, operation, root: root)
            }
        }
        body += #"<h2 id="schemas">Schemas</h2>"#
        for (name, schema) in root["components"]?["schemas"]?.objectValue ?? [:] {
            body += #"<h3 id="schema-\#(e(name))">\#(e(name))</h3>"# + self.schema(schema)
        }
        return HTMLPage(title: "Kassa API reference", body: body)
    }

    private static func operation(method: String, path: String, _ operation: JSONValue, root: JSONValue) -> String {
        var html = #"<h3 id="\#(e(operation["operationId"]?.stringValue ?? path))"><span class="method">\#(e(method))</span> <code>\#(e(path))</code></h3>"#
        if let summary = operation["summary"]?.stringValue { html += "<p>\(e(summary))</p>" }
        if let description = operation["description"]?.stringValue { html += #"<p class="muted">\#(e(description))</p>"# }
        let parameters = (operation["parameters"]?.arrayValue ?? []).map { resolve($0, in: root) }
        if !parameters.isEmpty {
            html += "<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>"
            for parameter in parameters {
                html += "<tr><td><code>\(e(parameter["name"]?.stringValue ?? ""))</code></td><td>\(e(parameter["in"]?.stringValue ?? ""))</td>"
                    + "<td>\(parameter["required"]?.boolValue == true ? "yes" : "no")</td><td>\(typeText(parameter["schema"]))</td></tr>"
            }
            html += "</table>"
        }
        if let content = operation["requestBody"]?["content"]?.objectValue.flatMap({ $0.members.first }) {
            html += "<p>Body (<code>\(e(content.key))</code>): \(typeText(content.value["schema"]))</p>"
            if let example = content.value["example"] { html += "<pre>\(e(example.serializedString()))</pre>" }
        }
        html += "<table><tr><th>answer</th><th>meaning</th></tr>"
        for (status, response) in operation["responses"]?.objectValue ?? [:] {
            let resolved = resolve(response, in: root)
            html += "<tr><td>\(e(status))</td><td>\(e(resolved["description"]?.stringValue ?? ""))</td></tr>"
        }
        return html + "</table>"
    }

    private static func schema(_ schema: JSONValue) -> String {
        var html = ""
        if let description = schema["description"]?.stringValue { html += "<p>\(e(description))</p>" }
        guard let properties = schema["properties"]?.objectValue, !properties.isEmpty else {
            return html + "<p>\(typeText(schema))</p>"
        }
        let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        html += "<table><tr><th>field</th><th>schema</th><th>required</th><th>description</th></tr>"
        for (name, property) in properties {
            html += "<tr><td><code>\(e(name))</code></td><td>\(typeText(property))</td><td>\(required.contains(name) ? "yes" : "")</td>"
                + "<td>\(e(property["description"]?.stringValue ?? ""))</td></tr>"
        }
        return html + "</table>"
    }

    /// A schema in a few words: a link to a named schema, or its type with enum and bounds.
    private static func typeText(_ schema: JSONValue?) -> String {
        guard let schema else { return "" }
        if let reference = schema["$ref"]?.stringValue {
            let name = String(reference.split(separator: "/").last ?? "")
            return ##"<a href="#schema-\##(e(name))">\##(e(name))</a>"##
        }
        if let choices = (schema["oneOf"] ?? schema["anyOf"])?.arrayValue {
            return choices.map { typeText($0) }.joined(separator: " or ")
        }
        var words: [String] = []
        if let type = schema["type"]?.stringValue { words.append(type) }
        if let types = schema["type"]?.arrayValue { words.append(types.compactMap(\.stringValue).joined(separator: " or ")) }
        if let items = schema["items"] { words.append("of " + typeText(items)) }
        if let values = schema["enum"]?.arrayValue { words.append("one of " + values.map { "<code>\(e($0.serializedString()))</code>" }.joined(separator: ", ")) }
        for bound in ["minimum", "maximum", "minLength", "maxLength", "pattern", "format"] {
            if let value = schema[bound] { words.append("\(bound) <code>\(e(value.stringValue ?? value.serializedString()))</code>") }
        }
        return words.isEmpty ? "any" : words.joined(separator: ", ")
    }

    /// A `$ref` to a component, followed once; anything else as it is.
    private static func resolve(_ value: JSONValue, in root: JSONValue) -> JSONValue {
        guard let reference = value["$ref"]?.stringValue, reference.hasPrefix("#/") else { return value }
        var node: JSONValue? = root
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node ?? value
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }
}
