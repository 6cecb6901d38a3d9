import FoundationEssentials
import HTTP
import JSON
import Outbound
import Payments
import Providers
import Sandbox
import Store
import Synchronization

/// The whole service, wired from a `KassaConfiguration`: the store (SQLite at `databasePath`,
/// or PostgreSQL at `store.url`), the outbound client, the provider adapters, in sandbox mode the simulators
/// under `/sandbox/{provider}`, the REST routes behind the middleware, and the HTTP server.
///
/// ```swift
/// let service = try KassaService(configuration: try KassaConfiguration.load(environment: env))
/// try service.start()          // binds; with port 0, `service.port` is the one it got
/// await service.shutdown()
/// ```
public final class KassaService: Sendable {
    /// Hooks for tests and tools; the defaults are what `kassa serve` runs.
    public struct Options: Sendable {
        /// Adds an `X-Sandbox-Fault` header to requests to the in-process simulators (tests:
        /// a provider timeout on one route).
        public var sandboxFaults: (@Sendable (_ method: String, _ path: String) -> String?)?
        /// Whether the in-process simulators honour `X-Sandbox-Fault` whatever
        /// `sandbox.allow_fault_header` says: on for a service built in code (tests inject
        /// faults); `kassa serve` turns it off so that only the configuration decides.
        public var allowsSandboxFaultHeader = true
        /// Changes to simulator configurations before they are built, by configuration type.
        public var simulators = SimulatorOverrides()
        /// Receives every log line instead of standard output.
        public var logSink: (@Sendable (String) -> Void)?
        /// Builds the provider adapters; default: the built-in ones for the enabled providers.
        public var providerFactory: ProviderFactory?
        /// The rate limits' clock (tests: a `ManualClock`); default: the monotonic clock.
        public var rateLimitClock: (any ServerClock)?
        /// The providers this instance knows (tests: a toy provider); the configuration must
        /// have been loaded with the same list. Default: `ProviderModules.builtIn`.
        var modules: [any ProviderModule] = ProviderModules.builtIn
        /// The store's clock, which the event deliverer's schedule also reads (tests: a
        /// manual clock); default: the system clock.
        public var clock: (@Sendable () -> Date)?
        /// Whether events are pushed by a background loop (once a second); off, they go only
        /// when `deliverEvents()` is called (tests that move the clock).
        public var deliversEventsInBackground = true
        /// Whether the reconciler polls by itself; off, it runs only when `reconcile()` is
        /// called (tests that move the clock).
        public var reconcilesInBackground = true
        /// The deliverer's jitter draws in [0, 1) (tests: a constant); default: random.
        public var deliveryJitter: (@Sendable () -> Double)?
        /// How long `/readyz` reuses its write probe's answer (tests: zero, to see a fault at once).
        public var writeProbeInterval: Duration = .seconds(1)
        /// PostgreSQL: after a failed connection attempt, calls fail at once for this long
        /// instead of each trying again (tests: zero, to see the database back at once).
        public var storeReconnectDelay: Duration = .milliseconds(500)
        /// The defaults.
        public init() {}
    }

    private struct Running: Sendable {
        let baseURL: String
        let simulators: [any ProviderSimulator]
        let api: PaymentAPI
        let reconciler: Task<Void, Never>
        let reconcilerPass: Reconciler
        let deliverer: EventDeliverer?
        let delivering: Task<Void, Never>?
    }

    /// The configuration as loaded.
    public let configuration: KassaConfiguration
    private let options: Options
    let store: any KassaStore
    /// The store when it is SQLite (tests reach its file-level knobs through it).
    var sqliteStore: SQLiteStore? { store as? SQLiteStore }
    /// The one outbound client (providers, simulator pushes).
    public let outbound: OutboundClient
    let metrics = Metrics()
    let logger: Logger
    private let server: HTTPServer
    private let running = Mutex<Running?>(nil)

    /// Opens the store (SQLite: creating `data_dir`; either: applying migrations) and prepares the
    /// server; nothing is bound until `start()`.
    public init(configuration: KassaConfiguration, options: Options = Options()) throws {
        self.configuration = configuration
        self.options = options
        let logger = Logger(level: configuration.logLevel, sink: options.logSink)
        self.logger = logger
        store = try Self.openStore(configuration, clock: options.clock ?? { Date() }, reconnectDelay: options.storeReconnectDelay,
                                   logger: logger)
        outbound = OutboundClient(configuration: .init(logHandler: { record in
            logger.log(record.error == nil ? .info : .warning, "provider call", [
                ("method", .string(record.method)), ("host", .string(record.host)), ("path", .string(record.path)),
                ("status", record.status.map { .number(JSONNumber($0)) } ?? .null),
                ("error", record.error.map(JSONValue.string) ?? .null),
                ("duration_ms", .number(JSONNumber(Int((record.duration.seconds * 1000).rounded())))),
            ])
        }))
        // The real responder needs the bound port: `start()` binds first, then builds it.
        server = HTTPServer(configuration: Self.httpConfiguration(configuration), responder: Router())
    }

    /// The HTTP server's settings from the configuration's `host`, `port` and `http` section.
    static func httpConfiguration(_ c: KassaConfiguration) -> HTTPServer.Configuration {
        var http = HTTPServer.Configuration()
        http.host = c.host
        http.port = c.port
        http.maxConnections = c.http.maxConnections
        http.headTimeout = .seconds(c.http.headTimeoutSeconds)
        http.idleTimeout = .seconds(c.http.idleTimeoutSeconds)
        http.bodyTimeout = .seconds(c.http.bodyTimeoutSeconds)
        http.limits.maxBodyLength = c.http.maxBodyBytes
        if c.http.eventLoops > 0 { http.eventLoopCount = c.http.eventLoops }
        http.shutdownGracePeriod = .seconds(c.http.shutdownGraceSeconds)
        return http
    }

    /// Binds the port, builds the simulators, providers and routes on the bound address, and
    /// starts serving. Notifications stored but not processed before a restart are processed.
    public func start() throws {
        // Before anything is accepted: what was stored earlier is resumed below, the rest has its own task.
        let startedAt = Date()
        try server.bind()
        let effective = rebased(configuration, boundPort: server.port)
        let baseURL = effective.publicBaseURL
        var router = Router()
        // Issue 15: a forwarded virtual card lives in memory only, from the intake to the event.
        let virtualCards = effective.providers.pledg.forwardVirtualCard ? PledgVirtualCardHandoff() : nil
        let context = ProviderContext(configuration: effective, client: outbound, pledgVirtualCards: virtualCards,
                                      logger: logger)
        let enabled = options.modules.filter { $0.isEnabled(in: effective) }
        let adapters = options.providerFactory?(context) ?? enabled.map { $0.makeAdapter(context) }
        var intakes: [ProviderID: any NotificationIntake] = [:]
        for module in enabled { intakes[module.id] = module.makeIntake(context) }
        var providers: [ProviderID: any PaymentProvider] = [:]
        for adapter in adapters { providers[adapter.id] = InstrumentedProvider(base: adapter, metrics: metrics) }
        let service = CheckoutService(store: store, providers: providers, publicBaseURL: baseURL, metrics: metrics, logger: logger,
                                      refundsDuplicatePayments: effective.orders.refundDuplicatePayments)
        let api = PaymentAPI(service: service, maxAmount: Int64(effective.checkout.maxAmount),
                             webhooks: WebhookIntake(limits: .init(effective.webhooks)))
        HealthRoutes(store: store, metrics: metrics,
                     droppedLogLines: { [logger] in logger.droppedLines }, now: clock,
                     writeProbe: CachedWriteProbe(store: store, interval: options.writeProbeInterval)).register(on: &router)
        Self.registerAPI(api, intakes: intakes, on: &router)
        if effective.mode == .sandbox, let apiKey = effective.apiKeys.first {
            // Issue 18: `/` is the demo shop, a client of this instance's own `/v1` over loopback.
            DemoShopRoutes(api: DemoShopClient(apiBase: DemoShopClient.loopbackBase(host: effective.host, port: server.port),
                                               apiKey: apiKey.value, client: outbound),
                           publicBaseURL: baseURL, providers: DemoShopRoutes.methods(of: enabled.map(\.id), in: effective))
                .register(on: &router)
        } else {
            let home = RenderedOnce { HomePage.render().response() }
            router.on(ServiceRoutes.home) { _ in home.get() }
        }
        let deliverer = makeEventDeliverer(effective, virtualCards: virtualCards)
        EventRoutes(api: api, store: store, deliverer: deliverer).register(on: &router)
        AdminRoutes(configuration: effective, store: store, eventsArePushed: deliverer != nil, now: clock, logger: logger)
            .register(on: &router)
        if effective.debugEcho {
            // For benchmarks and conformance tests only: the body back, with its content type.
            router.onImmediate(ServiceRoutes.debugEcho) { request in
                var headers: HTTPHeaders = [:]
                if let type = request.headers["Content-Type"] { headers.add(name: "Content-Type", value: type) }
                return Response(status: 200, headers: headers, body: request.body)
            }
        }
        // The simulators last: the router tries routes in order, and the service's come first.
        var simulators: [any ProviderSimulator] = []
        if effective.mode == .sandbox {
            let simulatorContext = SimulatorContext(configuration: effective, publicBaseURL: baseURL,
                                                    pushTransport: OutboundPushTransport(client: outbound),
                                                    forcesFaultHeader: options.allowsSandboxFaultHeader, overrides: options.simulators)
            simulators = Self.mountSimulators(of: enabled, context: simulatorContext, on: &router)
            SandboxTestHelper(api: api, simulators: Dictionary(zip(enabled.map(\.id), simulators)) { first, _ in first })
                .register(on: &router)
        }
        let rateLimiter = effective.rateLimit.isEnabled
            ? RateLimiter(rules: .init(effective.rateLimit), keyCount: effective.apiKeys.count, clock: options.rateLimitClock ?? MonotonicClock())
            : nil
        try server.start(responder: ServiceResponder(next: router, apiKeys: effective.apiKeys.map { Array($0.value.utf8) },
                                                     metrics: metrics, logger: logger, sandboxFaults: options.sandboxFaults,
                                                     maxBodyBytes: effective.http.maxBodyBytes, rateLimiter: rateLimiter))
        let reconciler = Reconciler(service: service, store: store, settings: .init(effective), now: clock)
        let inBackground = options.reconcilesInBackground
        let polling = Task.detached { if inBackground { await reconciler.run() } }
        let delivering = options.deliversEventsInBackground ? deliverer.map { deliverer in
            Task.detached { await deliverer.run(every: .seconds(1)) }
        } : nil
        running.withLock {
            $0 = Running(baseURL: baseURL, simulators: simulators, api: api, reconciler: polling, reconcilerPass: reconciler,
                         deliverer: deliverer, delivering: delivering)
        }
        logger.log(.info, "listening", [("url", .string(baseURL)), ("providers", .array(providers.keys.map { .string($0.rawValue) }))])
        for line in effective.startupNotice { logger.log(.info, line) }
        Task.detached { await api.processPendingWebhooks(receivedBefore: startedAt) }
    }

    /// `kassa sandbox`: the simulators of the providers `configuration` enables, mounted under
    /// `/sandbox/{id}` on `router`, pushing through `client`; returned for shutdown.
    public static func mountSandboxSimulators(configuration: KassaConfiguration, client: OutboundClient,
                                              on router: inout Router) -> [(id: String, simulator: any ProviderSimulator)] {
        let context = SimulatorContext(configuration: configuration, publicBaseURL: configuration.publicBaseURL,
                                       pushTransport: OutboundPushTransport(client: client), forcesFaultHeader: false,
                                       overrides: SimulatorOverrides())
        let enabled = ProviderModules.builtIn.filter { $0.isEnabled(in: configuration) }
        let simulators = mountSimulators(of: enabled, context: context, on: &router)
        return zip(enabled, simulators).map { ($0.id.rawValue, $1) }
    }

    /// Each module's simulator under `/sandbox/{id}`; the simulators, for shutdown.
    static func mountSimulators(of modules: [any ProviderModule], context: SimulatorContext,
                                on router: inout Router) -> [any ProviderSimulator] {
        modules.map { module in
            let simulator = module.makeSimulator(context)
            simulator.register(on: &router, prefix: "/sandbox/" + module.id.rawValue)
            return simulator
        }
    }

    static func registerAPI(_ api: PaymentAPI, intakes: [ProviderID: any NotificationIntake], on router: inout Router) {
        let document = OpenAPIDocument.render(providers: api.providers.mapValues(\.capabilities), maxAmount: api.maxAmount)
        router.on(ServiceRoutes.openAPI) { _ in
            Response(status: 200, headers: ["Content-Type": "application/json"], body: document)
        }
        let reference = RenderedOnce { APIReferencePage.render(document).response() }
        router.on(ServiceRoutes.docs) { _ in reference.get() }
        router.on(ServiceRoutes.createCheckout, api.createCheckout)
        router.on(ServiceRoutes.getCheckout, api.getCheckout)
        router.on(ServiceRoutes.refresh, api.refresh)
        router.on(ServiceRoutes.capture, api.capture)
        router.on(ServiceRoutes.cancel, api.cancel)
        router.on(ServiceRoutes.refunds, api.refund)
        router.on(ServiceRoutes.listCheckouts, api.listCheckouts)
        router.on(ServiceRoutes.order, api.getOrder)
        router.on(ServiceRoutes.events, api.listEvents)
        router.on(ServiceRoutes.returnURL, api.returnFromProvider)
        router.on(ServiceRoutes.hostedPage, api.hostedPage)
        router.on(ServiceRoutes.webhook) { await api.receiveWebhook($0, intakes: intakes) }
        let pledg = (api.providers[.pledg] as? InstrumentedProvider)?.base as? PledgProvider
        router.on(ServiceRoutes.pledgSchedule) { await api.pledgSchedule($0, provider: pledg) }
        router.on(ServiceRoutes.paymentOptions, api.paymentOptions)
    }

    /// The event deliverer of the running service, if events are pushed.
    var runningDeliverer: EventDeliverer? { running.withLock { $0?.deliverer } }

    /// The clock of the store and the event schedule.
    var clock: @Sendable () -> Date { options.clock ?? { Date() } }

    /// The jitter source of event deliveries.
    var deliveryJitter: @Sendable () -> Double { options.deliveryJitter ?? { Double.random(in: 0..<1) } }

    /// The port the server bound.
    public var port: Int { server.port }

    /// Where providers and buyers reach this instance (the bound port when configured as 0).
    public var baseURL: String { running.withLock { $0?.baseURL } ?? configuration.publicBaseURL }

    /// Stops serving: the simulators release held requests, the server drains, the outbound
    /// client closes its connections.
    public func shutdown() async {
        let (simulators, reconciler, delivering) = running.withLock { ($0?.simulators ?? [], $0?.reconciler, $0?.delivering) }
        reconciler?.cancel()
        delivering?.cancel()
        for simulator in simulators { simulator.shutdown() }
        await server.shutdown()
        // The grace is over: a creation or operation still waiting at the provider has an
        // unknown outcome. Recorded before exit, so the reconciler asks after a restart.
        do {
            let marked = try await store.markInterruptedCalls(detail: "shutdown: the provider had not answered when the grace period ended")
            if !marked.isEmpty {
                logger.log(.warning, "provider calls cut off by shutdown", [("checkouts", .number(JSONNumber(marked.count)))])
            }
        } catch {
            logger.log(.error, "provider calls cut off by shutdown not recorded", [("error", .string(String(describing: error)))])
        }
        outbound.shutdown()
        logger.flush()
    }

    /// With port 0 the configured `public_base_url` (`http://host:0`) and the sandbox provider
    /// URLs under it (each module names its URL fields) are rewritten to the port actually bound.
    private func rebased(_ c: KassaConfiguration, boundPort: Int) -> KassaConfiguration {
        guard c.port == 0, c.publicBaseURL.hasSuffix(":0") else { return c }
        let old = c.publicBaseURL
        let new = String(old.dropLast(2)) + ":\(boundPort)"
        func move(_ url: String) -> String { url.hasPrefix(old + "/") ? new + url.dropFirst(old.count) : url }
        var result = c
        result.publicBaseURL = new
        for module in options.modules { module.rebase(&result, move) }
        return result
    }
}

extension KassaService {
    /// One reconciler pass at the clock's time (tests that move the clock); how many
    /// checkouts changed.
    @discardableResult
    public func reconcile() async -> Int {
        guard let pass = running.withLock({ $0?.reconcilerPass }) else { return 0 }
        return await pass.runOnce(now: clock())
    }
}
