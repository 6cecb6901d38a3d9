import FoundationEssentials
import HTTP
import JSON

/// A simulator of Société Générale SmartCredit (ePOS), written from seed 000 and PROVIDERS.md
/// C: SG Connect's token endpoint, the customer application API (initialize, get, search),
/// the journey pages the buyer fills (the credit journey with its KYC step, the split journey
/// without), the merchant portal's manual actions, and faults on request. It has no webhooks
/// (seed 000, "Webhooks"): the merchant learns every status by reading. Mount it on a router
/// with `register(on:prefix:)`.
///
/// Endpoints below the prefix:
/// - `POST /sgconnect/oauth2/access_token?grant_type=client_credentials&scope=…`, Basic
///   `clientId:clientSecret` (compared exactly: seed 000's example header has a stray newline
///   and is refused 401); the parameters may also come as a form body. 200 with seed 000's
///   members `access_token` (a UUID), `scope` (the asked ones that are authorized),
///   `id_token`, `token_type: Bearer`, `expires_in: 599`; 401 `invalid_client`, 400
///   `invalid_request` / `unsupported_grant_type` / `invalid_scope` (RFC 6749 §5.2).
/// - `POST /api/v1/customerApplications/_processAndRedirect` and `…/do-initialize`
///   (`initializePaths`): `Application` → 200 `text/plain`, a URL `…/hblo?auxiliaryDataId=…
///   &culture=de-DE` for `REVOLVINGPOS`, an HTML document for `FRF_*`. The application id is
///   not in the answer: `do-search` by `orderId` finds it.
/// - `POST /api/v1/customerApplications/do-search` `{orderId}` → `[{"articles": [...]}]`;
///   `GET /api/v1/customerApplications/{applicationId}` → `ApplicationDetails`.
/// - The token as `Authorization: Bearer` or `?access_token=` (`tokenPlacements`).
/// - Errors: 400/401 `{"detail": [{"error", "message"}]}` (`invalid_input_data` "Field X is
///   not a valid Y", `invalid_payment_mean`, `invalid_orderId` "Order Id: X already exist",
///   `invalid_query`, `invalid_token`); 403/404 `{"errorCode", "message"}`.
/// - Buyer pages: `GET /hblo`, `GET|POST /frf/application`, `POST /journey/{id}/submit`
///   (`decision=accept|pre_accept_then_accept|pre_accept|reject|abort`), `GET|POST
///   /journey/{id}/kyc` (`result=identified|abandoned`), ending `303` to `normalReturnUrl`.
/// - Portal (sandbox API, no token): `POST /portal/applications/{id}/release|cancel|reimburse`.
///
/// Statuses (`CustomerApplication+StateMachine.swift`) change with reads, not with time:
/// each later status shows after `readsPerStatusStep` reads (get, or search by `orderId`).
/// `X-Sandbox-Fault` (`latency`, `status=5xx`, `timeout`) works on every route; `timeout`
/// creates the application and loses the answer.
public final class SmartCreditSimulator: Sendable {
    let configuration: Configuration
    let store: CustomerApplicationStore
    let tokens: SGConnectTokens
    let held: HeldRequests
    /// Where `normalReturnUrl` may point.
    let allowedOrigins: Set<URLOrigin>

    /// A simulator with no applications.
    public init(configuration: Configuration) {
        self.configuration = configuration
        store = CustomerApplicationStore(capacity: max(1, configuration.maxApplications))
        tokens = SGConnectTokens(capacity: configuration.maxTokens)
        held = HeldRequests(capacity: configuration.maxHeldRequests)
        allowedOrigins = Set(([configuration.publicBaseURL] + configuration.allowedURLOrigins).compactMap(URLOrigin.init(url:)))
    }

    /// Adds the simulator's routes under `prefix` (e.g. `/sandbox/smartcredit`, or "" to serve
    /// it alone): `/sgconnect/oauth2/access_token`, `/api/v1/customerApplications/…`, the
    /// journey pages under `/hblo`, `/frf` and `/journey`, and the portal under `/portal`.
    public func register(on router: inout Router, prefix: String) {
        router.on("POST", prefix + "/sgconnect/oauth2/access_token") { [self] in
            await serve($0) { r throws(SmartCreditError) in try issueToken(r) }
        }
        for path in Set(configuration.initializePaths) {
            router.on("POST", prefix + path) { [self] in
                await serve($0, isAuthenticated: true) { r throws(SmartCreditError) in try initialize(r, prefix: prefix) }
            }
        }
        router.on("POST", prefix + "/api/v1/customerApplications/do-search") { [self] in
            await serve($0, isAuthenticated: true) { r throws(SmartCreditError) in try search(r) }
        }
        router.on("GET", prefix + "/api/v1/customerApplications/{applicationId}") { [self] in
            await serve($0, isAuthenticated: true) { r throws(SmartCreditError) in try readApplication(r) }
        }
        registerJourney(on: &router, prefix: prefix)
        registerPortal(on: &router, prefix: prefix)
    }

    /// A router with only this simulator, for running it alone.
    public func makeRouter(prefix: String = "") -> Router {
        var router = Router()
        register(on: &router, prefix: prefix)
        return router
    }

    /// Answers every request a `timeout` fault holds, now and later. Call before stopping the
    /// server that serves the simulator.
    public func shutdown() {
        held.releaseAll()
    }

    /// How many applications the simulator holds now (bounded by `maxApplications`).
    public var applicationCount: Int { store.count }

    /// How many requests a `latency` or `timeout` fault holds now (at most `maxHeldRequests`).
    public var heldRequestCount: Int { held.count }

    /// The status of the application for `orderID` as the next read would see it, without
    /// counting as a read; nil when there is none. For tests that check the provider's side.
    public func status(ofOrder orderID: String) -> String? {
        store.applicationID(forOrder: orderID).flatMap(store.application)?.machine.status
            .text(kycSuccessful: configuration.kycSuccessfulSpelling)
    }

    /// Makes every token issued so far invalid, as if SG Connect had revoked them: the next
    /// API call with one is 401 `invalid_token` before its `expires_in` has passed.
    public func revokeTokens() {
        tokens.revokeAll()
    }

    /// Runs `operation` with the request's faults: latency first, then an injected status
    /// without side effects, or the operation and, for `timeout`, no answer until released
    /// (the answer is lost, the application exists). A holding fault takes one of
    /// `maxHeldRequests` slots first, or is refused with 429 before anything happens. The
    /// push faults of the shared header mean nothing here: SmartCredit has no webhooks.
    func serve(_ request: Request, isAuthenticated: Bool = false,
               _ operation: (Request) async throws(SmartCreditError) -> Response) async -> Response {
        var faults = configuration.defaultFaults
        // Where the header is not allowed it is an ordinary unknown header: ignored.
        if configuration.allowsFaultHeader, let header = request.headers[SimulatorFaults.headerName] {
            guard let parsed = SimulatorFaults(header: header) else { return SmartCreditError.invalidFault.response }
            faults = parsed
        }
        var slot: HeldRequests.Slot?
        if faults.latency != nil || faults.isTimeout {
            guard let taken = held.reserve() else { return SmartCreditError.tooManyHeldRequests.response }
            slot = taken
        }
        defer { if let slot { held.free(slot) } }
        if let latency = faults.latency, let slot {
            await held.wait(slot, atMost: latency)
            // The client has gone: nothing is done on its behalf.
            if Task.isCancelled { return SmartCreditError.injected(503).response }
        }
        if let status = faults.status { return SmartCreditError.injected(status).response }
        let response: Response
        do {
            if isAuthenticated { try authenticate(request) }
            response = try await operation(request)
        } catch {
            response = error.response
        }
        if faults.isTimeout, let slot { await held.wait(slot, atMost: configuration.timeoutHold) }
        return response
    }

    /// Requires a live SG Connect token where the configuration takes it (Bearer header or
    /// `?access_token=`), and `requiredScope` when set: 401 `invalid_token`, 403 without scope.
    private func authenticate(_ request: Request) throws(SmartCreditError) {
        var candidate: String?
        if configuration.tokenPlacements.contains(.bearerHeader), let header = request.headers["Authorization"] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { candidate = String(parts[1]) }
        }
        if candidate == nil, configuration.tokenPlacements.contains(.queryParameter) {
            candidate = request.query("access_token")
        }
        guard let candidate, let grant = tokens.grant(candidate, now: configuration.now()) else { throw .invalidToken }
        if let required = configuration.requiredScope, !grant.scopes.contains(required) { throw .accessDenied }
    }

    /// The simulator's own URL of `path` (below the mount prefix), for the buyer.
    func publicURL(_ prefix: String, _ path: String) -> String {
        configuration.publicBaseURL + prefix + path
    }
}

extension SmartCreditSimulator: ProviderSimulator {}
