extension SecuconnectSimulator {
    /// The origins return and push URLs may point at: `publicBaseURL`'s (Kassa itself) and
    /// `allowedURLOrigins`.
    static func allowedOrigins(_ configuration: Configuration) -> Set<URLOrigin> {
        Set(([configuration.publicBaseURL] + configuration.allowedURLOrigins).compactMap(URLOrigin.init(url:)))
    }

    /// Refuses a return or push URL outside the allowed origins. The real service sends buyers
    /// and pushes wherever the merchant says (seed 002); the simulator is called with published
    /// credentials from Kassa's own host, so anywhere would make it an open redirect and a
    /// blind SSRF (issue 12).
    func checkDestinations(_ urls: SmartTransactionDraft.ReturnURLs) throws(SecuconnectError) {
        let fields = [("url_success", urls.success), ("url_error", urls.error), ("url_abort", urls.abort), ("url_push", urls.push)]
        for case let (field, url?) in fields {
            guard let origin = URLOrigin(url: url), allowedOrigins.contains(origin) else {
                let allowed = allowedOrigins.map(\.description).sorted().joined(separator: ", ")
                throw .invalidField("application_context.return_urls.\(field) must be an http(s) URL without userinfo, "
                                    + "spaces or backslashes on an allowed origin (\(allowed))")
            }
        }
    }
}
