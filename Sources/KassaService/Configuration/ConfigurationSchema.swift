import Payments

/// Every configuration field, in the order they are resolved: a field's default may depend
/// on fields above it (`public_base_url` on `host` and `port`; simulator URLs on
/// `public_base_url`; everything on `mode`). Adding a field here adds it to the JSON file,
/// the environment, `check-config` and the documentation test at once.
///
/// A provider's fields come from its `ProviderModule`; the sections of the providers that have
/// no module yet (their seeds are documented, their adapters not written) stay here, disabled,
/// and enabling one is a problem (`ConfigurationLoader.checkRules`).
enum ConfigurationSchema {
    /// The fields of this build: `fields(modules: ProviderModules.builtIn)`.
    static var fields: [ConfigurationField] { fields(modules: ProviderModules.builtIn) }

    /// The service's own fields, then each module's, then the sections of providers without a module.
    static func fields(modules: [any ProviderModule]) -> [ConfigurationField] {
        let present = Set(modules.map(\.id))
        return serviceFields + modules.flatMap(\.configurationFields)
            + plannedSections.filter { !present.contains($0.id) }.flatMap(\.fields)
    }


    private static var serviceFields: [ConfigurationField] {
        typealias Field = ConfigurationField
        let live: Field.Requirement = { $0.mode == .live }
        let smartpay: Field.Requirement = { $0.providers.smartpay.isEnabled }
        let smartpayBasic: Field.Requirement = { $0.providers.smartpay.isEnabled && $0.providers.smartpay.authentication == .basic }
        let smartpayOAuth: Field.Requirement = { $0.providers.smartpay.isEnabled && $0.providers.smartpay.authentication == .oauth }
        let shopWebhook: Field.Requirement = { $0.shop.webhookURL != nil }

        return [
            .choice("mode", \.mode, default: .sandbox,
                    "sandbox: built-in simulators and the seeds' example accounts; live: the real providers"),
            .text("host", \.host, .text("127.0.0.1"), "the address the HTTP server binds (\"::\" for all, dual-stack)"),
            .integer("port", \.port, 0...65535, default: 8080, "the port the HTTP server binds (0: any free port)"),
            .text("public_base_url", \.publicBaseURL, url: true,
                  .byMode(sandbox: { .text(defaultPublicBaseURL(host: $0.host, port: $0.port)) }, live: .text("")),
                  required: live, "where providers and buyers reach Kassa: return and webhook URLs are built on it"),
            .text("data_dir", \.dataDirectory, .text("./data"), "the directory holding the SQLite file kassa.sqlite"),
            .secretList("api_keys", \.apiKeys, .byMode(sandbox: { _ in .list([SandboxDefaults.apiKey]) }, live: .list([])),
                        required: live, "Bearer keys accepted on /v1/*"),
            .secretList("admin_keys", \.adminKeys, .byMode(sandbox: { _ in .list([SandboxDefaults.adminKey]) }, live: .list([])),
                        required: live, "keys accepted on /admin"),
            .choice("log_level", \.logLevel, default: .info, "the least severe level logged"),
            .boolean("debug_echo", \.debugEcho, .value(.boolean(false)), "serve POST /debug/echo (benchmarks and conformance tests only)"),

            .integer("http.max_connections", \.http.maxConnections, 1...1_000_000, default: 10_000,
                     "connections beyond this are answered 503"),
            .integer("http.head_timeout_seconds", \.http.headTimeoutSeconds, 1...3600, default: 10,
                     "a request head must arrive within this, or 408"),
            .integer("http.idle_timeout_seconds", \.http.idleTimeoutSeconds, 1...3600, default: 30,
                     "an idle keep-alive connection is closed after this"),
            .integer("http.body_timeout_seconds", \.http.bodyTimeoutSeconds, 1...3600, default: 30,
                     "a request body must make progress within this, or 408"),
            .integer("http.max_body_bytes", \.http.maxBodyBytes, 1...(64 << 20), default: 1 << 20,
                     "larger request bodies are answered 413"),
            .integer("http.event_loops", \.http.eventLoops, 0...256, default: 0,
                     "serial queues sharing the connections; 0: one per core"),
            .integer("http.shutdown_grace_seconds", \.http.shutdownGraceSeconds, 0...3600, default: 100,
                     "on SIGTERM, requests in progress may finish within this (above the longest provider timeout, SmartPay's 90 s); provider calls still waiting then are marked needs_sync"),

            .boolean("rate_limit.enabled", \.rateLimit.isEnabled, .value(.boolean(true)),
                     "false: no rate limits at all (benchmarks only)"),
            .integer("rate_limit.per_key_per_second", \.rateLimit.perKeyPerSecond, 1...1_000_000, default: 100,
                     "requests per second per API key on /v1/*; beyond it 429 with Retry-After"),
            .integer("rate_limit.per_key_burst", \.rateLimit.perKeyBurst, 1...1_000_000, default: 200,
                     "requests per API key allowed at once after a quiet time"),
            .integer("rate_limit.per_ip_per_second", \.rateLimit.perIPPerSecond, 1...1_000_000, default: 100,
                     "requests per second per client address (IPv6: per /64) on /v1/* except webhooks"),
            .integer("rate_limit.per_ip_burst", \.rateLimit.perIPBurst, 1...1_000_000, default: 200,
                     "requests per client address allowed at once after a quiet time"),
            .integer("rate_limit.failed_auth_per_minute", \.rateLimit.failedAuthPerMinute, 1...60_000, default: 10,
                     "failed authentications per minute per client address; beyond them every keyed request from it is 429"),
            .integer("rate_limit.failed_auth_burst", \.rateLimit.failedAuthBurst, 1...10_000, default: 20,
                     "failed authentications per client address allowed at once"),
            .integer("rate_limit.webhook_per_ip_per_second", \.rateLimit.webhookPerIPPerSecond, 1...1_000_000, default: 20,
                     "notifications per second per client address on /v1/webhooks/*"),
            .integer("rate_limit.webhook_per_ip_burst", \.rateLimit.webhookPerIPBurst, 1...1_000_000, default: 100,
                     "notifications per client address allowed at once"),
            .integer("rate_limit.max_tracked_clients", \.rateLimit.maxTrackedClients, 16...10_000_000, default: 10_000,
                     "client addresses each limit remembers; beyond it the idle ones are forgotten"),

            .choice("store.synchronous", \.store.synchronous, default: .full,
                    "SQLite's synchronous pragma: full survives power loss, normal may lose the last commits"),
            Field.secret("store.url", \.store.url, .text(""), required: Field.never,
                         "postgres://user@host:port/database?sslmode=require selects PostgreSQL (docs/postgresql.md); empty: SQLite in data_dir")
                .shown(as: { (try? DatabaseURL.parse($0).get()).map { "\"\($0)\"" } ?? "set (malformed)" }),
            .optionalText("store.password_file", \.store.passwordFile,
                          "a file whose content is the PostgreSQL password (instead of one in store.url)"),
            .integer("store.pool_size", \.store.poolSize, 1...256, default: 8,
                     "PostgreSQL connections per instance, each on a thread of its own (no database call blocks an HTTP event loop)"),

            .integer("checkout.max_amount", \.checkout.maxAmount, 1...1_000_000_000_000, default: 10_000_000,
                     "the largest checkout amount accepted, in minor units"),
            .integer("checkout.expire_after_seconds", \.checkout.expireAfterSeconds, 60...(90 * 86_400), default: 86_400,
                     "a checkout not final after this becomes expired (a provider with a poll schedule of its own has its own deadline)"),

            .optionalText("shop.webhook_url", \.shop.webhookURL, url: true,
                          "events are POSTed here; null: not pushed (still listed by GET /v1/events)"),
            .secret("shop.webhook_secret", \.shop.webhookSecret, .sandbox(SandboxDefaults.shopWebhookSecret),
                    required: shopWebhook, "the HMAC-SHA256 key of the Kassa-Signature header"),
            .secretList("shop.webhook_secrets", \.shop.webhookSecrets, .value(.list([])), required: Field.never,
                        "during a rotation, the signing keys newest first (one v1 each); empty: shop.webhook_secret alone"),
            .integer("shop.delivery_initial_delay_seconds", \.shop.deliveryInitialDelaySeconds, 1...3600, default: 10,
                     "the first retry of an undelivered event after this; each further one doubles"),
            .integer("shop.delivery_max_delay_seconds", \.shop.deliveryMaxDelaySeconds, 1...86_400, default: 3600,
                     "the longest wait between two delivery attempts"),
            .integer("shop.delivery_max_age_seconds", \.shop.deliveryMaxAgeSeconds, 60...(30 * 86_400), default: 3 * 86_400,
                     "an event not delivered after retrying this long is dead (POST /v1/events/{id}/redeliver)"),
            .integer("shop.delivery_concurrency", \.shop.deliveryConcurrency, 1...256, default: 16,
                     "event deliveries in flight at once"),
            .integer("shop.delivery_timeout_seconds", \.shop.deliveryTimeoutSeconds, 1...300, default: 10,
                     "one delivery attempt's whole time; slower counts as failed"),

            .boolean("orders.refund_duplicate_payments", \.orders.refundDuplicatePayments,
                     .byMode(sandbox: { _ in .boolean(true) }, live: .boolean(false)),
                     "refund an attempt paid after another attempt of its order was paid (a duplicate_payment event either way)"),

            .integer("reconciler.interval_seconds", \.reconciler.intervalSeconds, 1...3_600, default: 10,
                     "the longest the reconciler sleeps before it looks for due checkouts again"),
            .integer("reconciler.concurrency", \.reconciler.concurrency, 1...256, default: 8,
                     "provider calls the reconciler has in flight at once"),

            .boolean("sandbox.allow_fault_header", \.sandbox.allowFaultHeader, .value(.boolean(false)),
                     "honour X-Sandbox-Fault on /sandbox/*; services built in code (tests) honour it regardless"),
            .integer("sandbox.max_held_requests", \.sandbox.maxHeldRequests, 0...1024, default: 16,
                     "requests latency and timeout faults may hold at once; beyond, such a fault is answered 429"),
            .textList("sandbox.allowed_redirect_origins", \.sandbox.allowedRedirectOrigins,
                      "origins (https://shop.example) besides public_base_url's that simulators may redirect buyers and push to"),

            .integer("webhooks.max_unverified_rows", \.webhooks.maxUnverifiedRows, 1...10_000_000, default: 5_000,
                     "unverifiable notifications kept at most (the oldest are pruned; verified ones never)"),
            .integer("webhooks.unverified_retention_hours", \.webhooks.unverifiedRetentionHours, 1...8_760, default: 168,
                     "unverifiable notifications older than this are pruned"),
            .integer("webhooks.max_stored_body_bytes", \.webhooks.maxStoredBodyBytes, 256...(1 << 20), default: 8_192,
                     "of an unverifiable notification only this many first bytes are stored, with its size and SHA-256"),
            .integer("webhooks.resync_interval_seconds", \.webhooks.resyncIntervalSeconds, 0...3_600, default: 10,
                     "a notification re-reads its checkout at most once in flight and not again within this"),

        ]
    }

    // SmartPay's section for a build (or a test) whose module list lacks it: read and checked
    // when enabled, not enabled by default, and refused when enabled.
    private static var plannedSections: [(id: ProviderID, fields: [ConfigurationField])] {
        typealias Field = ConfigurationField
        let smartpay: Field.Requirement = { $0.providers.smartpay.isEnabled }
        let smartpayBasic: Field.Requirement = { $0.providers.smartpay.isEnabled && $0.providers.smartpay.authentication == .basic }
        let smartpayOAuth: Field.Requirement = { $0.providers.smartpay.isEnabled && $0.providers.smartpay.authentication == .oauth }
        let smartpayFields: [Field] = [
            .boolean("providers.smartpay.enabled", \.providers.smartpay.isEnabled, .value(.boolean(false)),
                     "offer SmartPay (no module in this build: cannot be enabled yet)"),
            .text("providers.smartpay.base_url", \.providers.smartpay.baseURL, url: true, .simulator("smartpay"),
                  required: smartpay, "{Base URL} of seed 001: /payment/creation, /payment/status/{id}"),
            .choice("providers.smartpay.auth", \.providers.smartpay.authentication, default: .basic,
                    "basic: merchant_key and authentication_key; oauth: a Bearer token from token_url"),
            .text("providers.smartpay.merchant_key", \.providers.smartpay.merchantKey,
                  .sandbox(SandboxDefaults.smartpayMerchantKey), required: smartpay, "merchantKey, sent in every request"),
            .secret("providers.smartpay.authentication_key", \.providers.smartpay.authenticationKey,
                    .sandbox(SandboxDefaults.smartpayAuthenticationKey), required: smartpayBasic, "the Basic password (auth basic)"),
            .text("providers.smartpay.client_id", \.providers.smartpay.clientID,
                  .sandbox(SandboxDefaults.smartpayClientID), required: smartpayOAuth, "OAuth client id (auth oauth)"),
            .secret("providers.smartpay.client_secret", \.providers.smartpay.clientSecret,
                    .sandbox(SandboxDefaults.smartpayClientSecret), required: smartpayOAuth, "OAuth client secret (auth oauth)"),
            .text("providers.smartpay.token_url", \.providers.smartpay.tokenURL, url: true,
                  .simulator("smartpay", suffix: "/oauth2/token",
                             live: "https://smartpay-oauth-cons.auth.eu-central-1.amazoncognito.com/oauth2/token"),
                  required: smartpayOAuth, "the OAuth token endpoint (auth oauth)"),
        ] + timeouts("smartpay", \.providers.smartpay.timeouts, total: 90, "a whole request (seed 001 recommends 90 s or more)")
        return [(.smartpay, smartpayFields)]
    }

    /// A provider's `timeout_seconds` and `connect_timeout_seconds`.
    static func timeouts(
        _ provider: String, _ keyPath: WritableKeyPath<KassaConfiguration, KassaConfiguration.ProviderTimeouts>,
        total: Int, _ totalSummary: String = "a whole request"
    ) -> [ConfigurationField] {
        [
            .integer("providers.\(provider).timeout_seconds", keyPath.appending(path: \.totalSeconds), 1...600, default: total,
                     totalSummary),
            .integer("providers.\(provider).connect_timeout_seconds", keyPath.appending(path: \.connectSeconds), 1...120,
                     default: 5, "establishing the connection"),
        ]
    }

    /// `http://{host}:{port}`, with a wildcard host read as the loopback address.
    static func defaultPublicBaseURL(host: String, port: Int) -> String {
        let reachable = ["", "0.0.0.0", "::", "[::]"].contains(host) ? "127.0.0.1" : host
        let bracketed = reachable.contains(":") && !reachable.hasPrefix("[") ? "[\(reachable)]" : reachable
        return "http://\(bracketed):\(port)"
    }

    /// The variables read besides the fields': the configuration file's path.
    static let otherVariables: Set<String> = ["KASSA_CONFIG"]

    /// The default configuration file, used when it exists.
    static let defaultFilePath = "config/kassa.json"
}
