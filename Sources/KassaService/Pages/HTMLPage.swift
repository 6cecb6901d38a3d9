import Crypto
import HTTP

/// A server-rendered page: one inline style sheet, no script, no external asset, and a
/// Content-Security-Policy that allows exactly that style sheet (by its SHA-256) and nothing
/// else, so that even a value that escaped escaping could neither load nor run anything.
struct HTMLPage {
    /// The `<title>`.
    var title: String
    /// The `<body>`'s content, already escaped where it holds values.
    var body: String

    /// The style every Kassa page shares: readable, small, no web fonts.
    static let style = """
        body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
        h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #dde}h3{font-size:1.05rem;margin-bottom:.3rem}
        code,pre{font:13px/1.4 ui-monospace,monospace;background:#f4f5f8;border-radius:4px}code{padding:0 .25rem}
        pre{padding:.6rem;overflow-x:auto}table{border-collapse:collapse;margin:.4rem 0}
        td,th{border:1px solid #dde;padding:.2rem .5rem;text-align:left;vertical-align:top}
        .method{font-weight:700;text-transform:uppercase}.muted{color:#667}nav a{margin-right:1rem}
        """

    /// The policy: nothing but the inline style sheet above, no framing, no form targets.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'sha256-\(Base64.encode(SHA256.hash(Array(style.utf8))))'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The whole document.
    var html: String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title><style>\(Self.style)</style></head>
        <body>\(body)</body></html>
        """
    }

    /// A 200 (or `status`) answer with the page and its policy.
    func response(status: Int = 200) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8",
                                           "Content-Security-Policy": Self.contentSecurityPolicy,
                                           "Cache-Control": "no-store"],
                 body: Array(html.utf8))
    }
}
