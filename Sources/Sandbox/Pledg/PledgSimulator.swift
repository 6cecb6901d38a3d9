import FoundationEssentials
import HTTP
import JSON

/// A simulator of Pledg's eCard platform, written from seed 003 and PROVIDERS.md D: the
/// plugin (`plugin.js`), the direct call of the front (`front/purchases?signature=…`) with
/// its funnel, the notifications of each mode (standard signed, transfer JWT, virtual card,
/// split purchase end), the back office (`/api/token`, `release`, `credit_by_transfer`,
/// `simulate_payment_schedule`), and faults on request. Mount it with `register(on:prefix:)`.
///
/// | method | path (below the prefix) | |
/// |---|---|---|
/// | GET | `/plugin.js`, `/plugin.min.js` | `new Pledg(button, settings)`: the front in an iframe, `onSuccess` / `onError` / `onCancel` |
/// | GET | `/front/purchases?signature=<JWT>[&origin=…]` | the funnel: HS256 with the account's secret (found by `data.merchantUid`), `exp` checked; errors are a page naming seed 003's `type` (400) |
/// | POST | `/front/purchases/{pur}/complete` · `refuse` · `not_eligible` · `cancel` · `bad_gateway` | the buyer's choice → `303` to `redirectUrl` (complete) or `cancelUrl`; with the form field `origin` (iframe), a page that posts the plugin's event to that origin |
/// | POST | `/api/token` | Basic `api_key:api_secret`, form `grant_type=client_credentials` → `{access_token, token_type: "Bearer", expires_in}` |
/// | POST | `/api/purchases/{pur}/release` | Bearer; front/back mode, completed, card not debited → the purchase; else 409 `{type, message}` |
/// | POST | `/api/purchases/{pur}/credit_by_transfer` | Bearer; `{amount_cents}`, transfer mode, partial credits up to the amount |
/// | POST | `/api/users/me/merchants/{mer}/simulate_payment_schedule` | no auth; `{amount_cents, created, second_installment_date?}` → `{"INSTALLMENT": [{amount_cents, fees, payment_date}]}` (keyed by the account's type) |
/// | POST | `/api/sandbox/virtual_cards/{vcar}/debit` | not Pledg's: the merchant charged the virtual card, so `release` is refused from then on |
///
/// On completion, to `paymentNotificationUrl`: back mode the standard notification (status
/// `completed`, signed SHA-256 of the sorted pairs joined by the secret), transfer mode
/// `{"signature": <HS256 JWT of {reference, created, transfer_order_item_uid, merchant_uid,
/// purchase_uid, amount_cents}>}`, front mode the virtual card (BIN 513218); then, for a
/// split account, `{reference, uid}` to the account's purchase end URL (default: the same
/// URL), never retried. `bad_gateway` (back mode) sends the standard notification with
/// status `failed`. `reference` is the merchant's `reference` setting everywhere.
public final class PledgSimulator: Sendable {
    let configuration: Configuration
    let store: PurchaseStore
    let tokens: AccessTokens
    let notifications: NotificationDelivery
    let held: HeldRequests
    /// Where the buyer, the notifications and the plugin's page may be (see `checkDestination`).
    let allowedOrigins: Set<URLOrigin>

    /// A simulator with no purchases.
    public init(configuration: Configuration) {
        self.configuration = configuration
        store = PurchaseStore(capacity: configuration.maxPurchases)
        tokens = AccessTokens(capacity: configuration.maxTokens)
        notifications = NotificationDelivery(transport: configuration.notificationTransport,
                                             retryDelays: configuration.notificationRetryDelays)
        held = HeldRequests(capacity: configuration.maxHeldRequests)
        allowedOrigins = Set(([configuration.publicBaseURL] + configuration.allowedURLOrigins).compactMap(URLOrigin.init(url:)))
    }

    /// Adds the routes under `prefix` (e.g. `/sandbox/pledg`): `/plugin.js`, the front
    /// `/front/purchases` and its buttons, and the back office under `/api`.
    public func register(on router: inout Router, prefix: String) {
        router.on("GET", prefix + "/plugin.js") { [self] _ in pluginScript(prefix: prefix) }
        router.on("GET", prefix + "/plugin.min.js") { [self] _ in pluginScript(prefix: prefix) }
        router.on("GET", prefix + "/front/purchases") { [self] in
            await serve($0, page: true) { r, _ throws(PledgError) in frontPage(r, prefix: prefix) }
        }
        for outcome in FunnelOutcome.allCases {
            router.on("POST", prefix + "/front/purchases/{uid}/" + outcome.rawValue) { [self] in
                await serve($0, page: true) { r, faults throws(PledgError) in try finishFromPage(r, outcome, faults: faults) }
            }
        }
        router.on("POST", prefix + "/api/token") { [self] in await serve($0) { r, _ throws(PledgError) in try issueToken(r) } }
        router.on("POST", prefix + "/api/purchases/{uid}/release") { [self] in
            await serve($0) { r, _ throws(PledgError) in try release(r) }
        }
        router.on("POST", prefix + "/api/purchases/{uid}/credit_by_transfer") { [self] in
            await serve($0) { r, _ throws(PledgError) in try creditByTransfer(r) }
        }
        router.on("POST", prefix + "/api/users/me/merchants/{uid}/simulate_payment_schedule") { [self] in
            await serve($0) { r, _ throws(PledgError) in try simulatePaymentSchedule(r) }
        }
        router.on("POST", prefix + "/api/sandbox/virtual_cards/{uid}/debit") { [self] in
            await serve($0) { r, _ throws(PledgError) in try debitVirtualCard(r) }
        }
    }

    /// A router with only this simulator, for running it alone.
    public func makeRouter(prefix: String = "") -> Router {
        var router = Router()
        register(on: &router, prefix: prefix)
        return router
    }

    /// Answers every request a `timeout` fault holds, now and later, and stops notification
    /// deliveries. Call before stopping the server that serves the simulator.
    public func shutdown() {
        held.releaseAll()
        notifications.shutdown()
    }

    /// How many purchases the simulator holds now (bounded by `maxPurchases`).
    public var purchaseCount: Int { store.count }

    /// How many requests a `latency` or `timeout` fault holds now.
    public var heldRequestCount: Int { held.count }

    /// Runs `operation` with the request's faults, as the secuconnect simulator does: latency
    /// first, then an injected status without side effects, or the operation and, for
    /// `timeout`, no answer until released. Pages answer errors as pages.
    private func serve(_ request: Request, page: Bool = false,
                       _ operation: (Request, SimulatorFaults) async throws(PledgError) -> Response) async -> Response {
        func failure(_ error: PledgError) -> Response { page ? FrontPage.error(error) : error.response }
        var faults = configuration.defaultFaults
        if configuration.allowsFaultHeader, let header = request.headers[SimulatorFaults.headerName] {
            guard let parsed = SimulatorFaults(header: header) else { return failure(.invalidFault) }
            faults = parsed
        }
        var slot: HeldRequests.Slot?
        if faults.latency != nil || faults.isTimeout {
            guard let taken = held.reserve() else { return failure(.tooManyHeldRequests) }
            slot = taken
        }
        defer { if let slot { held.free(slot) } }
        if let latency = faults.latency, let slot {
            await held.wait(slot, atMost: latency)
            if Task.isCancelled { return failure(.injected(503)) }
        }
        if let status = faults.status { return failure(.injected(status)) }
        let response: Response
        do {
            response = try await operation(request, faults)
        } catch {
            response = failure(error)
        }
        if faults.isTimeout, let slot { await held.wait(slot, atMost: configuration.timeoutHold) }
        return response
    }

    /// Refuses a URL outside the allowed origins: the real Pledg sends buyers and
    /// notifications wherever the settings say; the simulator is reachable with published
    /// secrets, so anywhere would make it an open redirect and a blind SSRF (issue 12).
    /// `mailto:` is allowed where seed 003 allows it (`paymentNotificationUrl`).
    func checkDestination(_ url: String, setting: String, allowsMail: Bool = false) throws(PledgError) {
        if allowsMail, url.lowercased().hasPrefix("mailto:") { return }
        guard let origin = URLOrigin(url: url), allowedOrigins.contains(origin) else {
            let allowed = allowedOrigins.map(\.description).sorted().joined(separator: ", ")
            throw .invalidRequest("The provided property \(setting) is invalid: it must be an http(s) URL on an allowed origin (\(allowed))")
        }
    }
}

extension PledgSimulator: ProviderSimulator {}
