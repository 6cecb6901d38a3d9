import HTTP

/// The header fields every response of the service carries, so that a browser never
/// guesses a type, caches an answer or frames a page:
///
/// - `X-Content-Type-Options: nosniff` everywhere (a JSON body is never run as a script);
/// - `Cache-Control: no-store` unless the route chose otherwise: API answers carry payment
///   state and must not sit in a shared cache (RFC 9111 §5.2.2.5);
/// - a `Content-Security-Policy` on HTML pages (the simulators' hosted pages): nothing loads
///   but the page's own inline style, no frame may hold it (clickjacking), and its forms post
///   to this origin. `form-action` also lists `https:` and `http:` because browsers check it
///   on every redirect of a form's navigation (CSP 3 §6.3.1), and the chain ends at the
///   shop's return URL; it still refuses `javascript:` and `data:` targets.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'"

    /// Adds what `headers` lacks. A response that already says `nosniff` (a prepared one,
    /// built with `all`) is left untouched: adding to it would copy its prepared fields.
    static func add(to headers: inout HTTPHeaders) {
        guard !headers.contains("X-Content-Type-Options") else { return }
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        if !headers.contains("Cache-Control") { headers.add(name: "Cache-Control", value: "no-store") }
        if isHTML(headers["Content-Type"]), !headers.contains("Content-Security-Policy") {
            headers.add(name: "Content-Security-Policy", value: contentSecurityPolicy)
        }
    }

    /// The fields for a response built once (`Response.prepared()`), with its own fields.
    static func all(_ headers: HTTPHeaders) -> HTTPHeaders {
        var result = headers
        add(to: &result)
        return result
    }

    private static func isHTML(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        return contentType.utf8.count >= 9 && contentType.prefix(9).lowercased() == "text/html"
    }
}
