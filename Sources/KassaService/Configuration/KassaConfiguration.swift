/// Everything the service is told at start: built from defaults, `config/kassa.json` and
/// `KASSA_*` environment variables by `KassaConfiguration.load(arguments:environment:readFile:)`.
/// Every field, its JSON path, type, default and variable is listed in `docs/configuration.md`;
/// `ConfigurationSchema` is the single source of that list. Secrets are typed `Secret`.
public struct KassaConfiguration: Sendable, Equatable {
    /// Which providers the service talks to.
    public enum Mode: String, Sendable, CaseIterable {
        /// The built-in simulators under `/sandbox/{provider}`, with the seeds' example accounts.
        case sandbox
        /// The real providers; every account value must be configured.
        case live
    }

    /// The least severe log level written.
    public enum LogLevel: String, Sendable, CaseIterable {
        /// Everything, including each request.
        case debug
        /// Start, stop, state changes.
        case info
        /// Something recovered from.
        case warning
        /// Something failed.
        case error
    }

    /// `mode`: sandbox (the default) or live.
    public var mode: Mode = .sandbox
    /// `host`: the address the HTTP server binds.
    public var host = ""
    /// `port`: the port the HTTP server binds (0: any free port).
    public var port = 0
    /// `public_base_url`: where providers and buyers reach Kassa (return and webhook URLs),
    /// without a trailing slash.
    public var publicBaseURL = ""
    /// `data_dir`: the directory holding `kassa.sqlite`.
    public var dataDirectory = ""
    /// `api_keys`: Bearer keys accepted on `/v1/*`.
    public var apiKeys: [Secret] = []
    /// `admin_keys`: keys accepted on `/admin`.
    public var adminKeys: [Secret] = []
    /// `log_level`.
    public var logLevel: LogLevel = .info
    /// `debug_echo`: serve `POST /debug/echo` (benchmarks and conformance tests only).
    public var debugEcho = false
    /// `http`: the inbound server's limits.
    public var http = HTTP()
    /// `rate_limit`: requests per client on `/v1/*`.
    public var rateLimit = RateLimit()
    /// `store`: the database.
    public var store = Store()
    /// `checkout`: rules for new checkouts.
    public var checkout = Checkout()
    /// `shop`: where events are pushed.
    public var shop = Shop()
    /// `orders`: an order is paid once.
    public var orders = Orders()
    /// `reconciler`: the poller that asks providers for news.
    public var reconciler = Reconciler()
    /// `sandbox`: the simulators' limits.
    public var sandbox = Sandbox()
    /// `webhooks`: the notification intake's bounds.
    public var webhooks = Webhooks()
    /// `providers`: one account per provider.
    public var providers = Providers()

    /// Every field empty; the loader fills each one from its source or its default.
    init() {}

    /// The path of the SQLite database: `{data_dir}/kassa.sqlite`.
    public var databasePath: String {
        dataDirectory.hasSuffix("/") ? dataDirectory + "kassa.sqlite" : dataDirectory + "/kassa.sqlite"
    }

    /// Lines to log at start. In sandbox mode they name the built-in sandbox API key so that
    /// a newcomer can call the API at once; a key the operator chose is never printed, and in
    /// live mode nothing about keys is.
    public var startupNotice: [String] {
        guard mode == .sandbox else { return ["live mode: providers are the real ones"] }
        var lines = ["sandbox mode: providers are Kassa's simulators at \(publicBaseURL)/sandbox/{provider}"]
        if apiKeys.contains(Secret(SandboxDefaults.apiKey)) {
            lines.append("sandbox API key: \(SandboxDefaults.apiKey) (Authorization: Bearer \(SandboxDefaults.apiKey))")
        }
        if adminKeys.contains(Secret(SandboxDefaults.adminKey)) {
            lines.append("sandbox admin key: \(SandboxDefaults.adminKey)")
        }
        return lines
    }
}
