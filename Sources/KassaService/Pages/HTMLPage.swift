import HTTP

/// A server-rendered page: one inline style sheet, no script, no external asset, and a
/// Content-Security-Policy that allows exactly that style sheet (by its SHA-256) and nothing
/// else, so that even a value that escaped escaping could neither load nor run anything.
struct HTMLPage {
    /// The `<title>`.
    var title: String
    /// The `<body>`'s content, already escaped where it holds values.
    var body: String
    /// The style sheet as served and the policy that allows exactly it.
    var look = Look.plain

    /// A page kind's style sheet and its policy, hashed once per kind (a static `Look`), not per
    /// response.
    struct Look: Sendable {
        /// The shared sheet, then the kind's own rules.
        let styleSheet: String
        /// `Content-Security-Policy`: only `styleSheet` (by hash); forms, when the kind has any,
        /// post to this origin only (`form-action 'self'`, or `formTargets`); scripts, when the
        /// kind has any, only those by hash (plus `scriptSources`), and they may fetch from this
        /// origin only (`connect-src 'self'`).
        let policy: String

        init(extraStyle: String = "", hasForms: Bool = false, formTargets: String = "'self'", scripts: [String] = [],
             scriptSources: [String] = [], frameSources: [String] = []) {
            styleSheet = HTMLPage.style + extraStyle
            var policy = "default-src 'none'; style-src \(HostedPagePolicy.hash(styleSheet)); "
            if !scripts.isEmpty || !scriptSources.isEmpty {
                policy += "script-src \((scripts.map(HostedPagePolicy.hash) + scriptSources).joined(separator: " ")); connect-src 'self'; "
            }
            if !frameSources.isEmpty { policy += "frame-src \(frameSources.joined(separator: " ")); " }
            self.policy = policy + "base-uri 'none'; form-action \(hasForms ? formTargets : "'none'"); frame-ancestors 'none'"
        }

        /// The shared sheet alone, no forms.
        static let plain = Look()
    }

    /// The style every Kassa page shares: readable, small, no web fonts.
    static let style = """
        body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
        h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #dde}h3{font-size:1.05rem;margin-bottom:.3rem}
        code,pre{font:13px/1.4 ui-monospace,monospace;background:#f4f5f8;border-radius:4px}code{padding:0 .25rem}
        pre{padding:.6rem;overflow-x:auto}table{border-collapse:collapse;margin:.4rem 0}
        td,th{border:1px solid #dde;padding:.2rem .5rem;text-align:left;vertical-align:top}
        .method{font-weight:700;text-transform:uppercase}.muted{color:#667}nav a{margin-right:1rem}
        """

    /// The whole document.
    var html: String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title><style>\(look.styleSheet)</style></head>
        <body>\(body)</body></html>
        """
    }

    /// A 200 (or `status`) answer with the page and its policy.
    func response(status: Int = 200) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8",
                                           "Content-Security-Policy": look.policy,
                                           "Cache-Control": "no-store"],
                 body: Array(html.utf8))
    }
}
