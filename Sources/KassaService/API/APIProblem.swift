import HTTP
import JSON

/// An error the API answers with: an RFC 9457 `application/problem+json` document with
/// `type`, `title`, `status`, `detail`, a stable `code`, and for validation errors an
/// `errors` list of `{field, message}` naming the JSON path (`order.items[2].quantity`).
struct APIProblem: Error, Sendable {
    /// HTTP status.
    let status: Int
    /// Stable, low-cardinality identifier; also the last part of `type`.
    let code: String
    /// Human-readable, never a secret.
    let detail: String
    /// Field errors (validation only).
    var fieldErrors: [JSONFieldError] = []
    /// Further members (`checkout_id`, `provider_code`, `support_id`…).
    var extensions: [(String, JSONValue)] = []

    /// The `type` URI of a problem code.
    static func typeURI(_ code: String) -> String { Response.problemType(code) }

    /// The document.
    var json: JSONValue {
        var object: JSONObject = [
            "type": .string(Self.typeURI(code)), "title": .string(HTTPStatus.reason(status)),
            "status": .number(JSONNumber(status)), "detail": .string(detail), "code": .string(code),
        ]
        if !fieldErrors.isEmpty {
            object["errors"] = .array(fieldErrors.map {
                .object(["field": .string($0.field), "message": .string($0.message)])
            })
        }
        for (key, value) in extensions { object[key] = value }
        return .object(object)
    }

    /// The response.
    var response: Response {
        Response(status: status, headers: ["Content-Type": "application/problem+json"], body: json.serialized())
    }

    // MARK: The problems the API uses

    static func validation(_ errors: [JSONFieldError]) -> APIProblem {
        let detail = errors.count == 1 ? "\(errors[0].field): \(errors[0].message)" : "\(errors.count) fields are invalid"
        return APIProblem(status: 422, code: "validation_error", detail: detail, fieldErrors: errors)
    }

    static func malformedJSON(_ message: String) -> APIProblem {
        APIProblem(status: 400, code: "malformed_json", detail: "the body is not valid JSON: \(message)",
                   fieldErrors: [JSONFieldError(path: .root, message: message)])
    }

    /// A body that is not declared `application/json` on a JSON route.
    static let unsupportedMediaType = APIProblem(status: 415, code: "unsupported_media_type",
                                                 detail: "the body must be sent with Content-Type: application/json")

    static let unauthorized = APIProblem(status: 401, code: "unauthorized",
                                         detail: "a valid API key is required: Authorization: Bearer <api key>")

    static func notFound(_ detail: String) -> APIProblem { APIProblem(status: 404, code: "not_found", detail: detail) }

    static let internalError = APIProblem(status: 500, code: "internal_error", detail: "the request could not be completed")

    static let storageUnavailable = APIProblem(status: 503, code: "storage_unavailable", detail: "the database is not available")
}

extension Response {
    /// A JSON response from a value.
    static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = [:]) -> Response {
        var h = headers
        h.replaceOrAdd(name: "Content-Type", value: "application/json")
        return Response(status: status, headers: h, body: value.serialized())
    }
}
