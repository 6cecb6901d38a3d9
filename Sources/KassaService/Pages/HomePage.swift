import HTTP

/// `GET /` in live mode: a plain page naming the service and linking its documentation. (In
/// sandbox mode `/` is the demo shop: `DemoShopRoutes`.)
enum HomePage {
    static func render() -> HTMLPage {
        let body = """
            <h1>Kassa</h1>
            <p>A merchant-side payment backend: one REST API and one signed event stream for secuconnect,
            SmartPay, SmartCredit and Pledg.</p>
            <nav><a href="/docs">API reference</a><a href="/openapi.json">OpenAPI document</a><a href="/healthz">Health</a></nav>
            """
        return HTMLPage(title: "Kassa", body: body)
    }
}
