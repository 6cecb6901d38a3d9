/// `GET /openapi.json`: the API as OpenAPI 3.1, hand-written next to the routes
/// (`ServiceRoutes`); a test checks that every route appears in it.
enum OpenAPIDocument {
    static let bytes: [UInt8] = Array(text.utf8)

    static let text = """
    {"openapi":"3.1.0","info":{"title":"Kassa","version":"1"},"paths":{}}
    """
}
