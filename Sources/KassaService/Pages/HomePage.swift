import HTTP

/// `GET /`: a plain page naming the service and linking its documentation. (In sandbox mode
/// it also lists the simulators and the test helper; the demo shop replaces it there.)
enum HomePage {
    static func render(sandboxProviders: [String]) -> HTMLPage {
        var body = """
            <h1>Kassa</h1>
            <p>A merchant-side payment backend: one REST API and one signed event stream for secuconnect,
            SmartPay, SmartCredit and Pledg.</p>
            <nav><a href="/docs">API reference</a><a href="/openapi.json">OpenAPI document</a><a href="/healthz">Health</a></nav>
            """
        if !sandboxProviders.isEmpty {
            body += """
                <h2>Sandbox mode</h2>
                <p>Every provider is simulated by this instance. Create a checkout with the API key
                <code>sk_sandbox_kassa</code>, then open its <code>next_action</code> or let the test helper
                play the buyer: <code>POST /v1/checkouts/{id}/simulate {"outcome": "approve"}</code>.</p>
                <ul>\(sandboxProviders.map { "<li><code>/sandbox/\(HTMLText.escape($0))</code></li>" }.joined())</ul>
                """
        }
        return HTMLPage(title: "Kassa", body: body)
    }
}
