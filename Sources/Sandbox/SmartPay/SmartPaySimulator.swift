import Crypto
import FoundationEssentials
import HTTP
import JSON

/// A simulator of J.P. Morgan Mobility Payments' SmartPay API, written from seed 001 and
/// PROVIDERS.md B: the OAuth token endpoint, Create Checkout, Get Payment Status, the four
/// modification APIs, webhooks with Basic credentials, a stand-in `smp-bundle.js` widget with
/// its card form, and faults on request. `{Base URL}` is the mount prefix
/// (`/sandbox/smartpay` inside Kassa).
public final class SmartPaySimulator: Sendable {
    let configuration: Configuration
    let store: SmartPayTransactionStore
    let tokens: SmartPayAccessTokens
    let webhooks: SmartPayWebhookDelivery
    let held: HeldRequests

    /// A simulator with an empty store (plus seed 001's example transaction, unless configured
    /// otherwise).
    public init(configuration: Configuration) {
        self.configuration = configuration
        store = SmartPayTransactionStore(capacity: max(1, configuration.maxTransactions))
        tokens = SmartPayAccessTokens(capacity: configuration.maxTokens)
        webhooks = SmartPayWebhookDelivery(transport: configuration.webhookTransport, url: configuration.webhookURL,
                                           credentials: configuration.webhookCredentials,
                                           retryDelays: configuration.webhookRetryDelays)
        held = HeldRequests(capacity: configuration.maxHeldRequests)
        if configuration.includesSeedExample {
            _ = store.insert(.seedExample(merchantKey: configuration.merchantKey))
        }
    }

    /// Bodies are small JSON documents; anything larger is refused before it is read.
    static let bodyLimit = 64 * 1024

    /// Adds the simulator's routes under `prefix` (e.g. `/sandbox/smartpay`, or "" to serve it
    /// alone): `/oauth2/token`, `/payment/creation`, `/payment/status/{transactionId}`,
    /// `/payment/capture|cancel|refund|cancelOrRefund`, the widget (`/smp-bundle.js`,
    /// `/widget`, `/widget/payments`) and the sandbox controls under `/sandbox-controls`.
    public func register(on router: inout Router, prefix: String) {
        let limit = Self.bodyLimit
        router.on("POST", prefix + "/oauth2/token", bodyLimit: limit) { [self] in
            await serve($0) { r, _ throws(SmartPayError) in try issueToken(r) }
        }
        router.on("POST", prefix + "/payment/creation", bodyLimit: limit) { [self] in
            await serve($0, isAuthenticated: true) { r, _ throws(SmartPayError) in try createCheckout(r) }
        }
        router.on("GET", prefix + "/payment/status/{transactionId}") { [self] in
            await serve($0, isAuthenticated: true) { r, faults throws(SmartPayError) in try readStatus(r, faults: faults) }
        }
        for operation in ModificationOperation.allCases {
            router.on("POST", prefix + "/payment/" + operation.rawValue, bodyLimit: limit) { [self] in
                await serve($0, isAuthenticated: true) { r, faults throws(SmartPayError) in try modify(r, operation, faults: faults) }
            }
        }
        registerWidget(on: &router, prefix: prefix)
        registerControls(on: &router, prefix: prefix)
    }

    /// A router with only this simulator, for running it alone.
    public func makeRouter(prefix: String = "") -> Router {
        var router = Router()
        register(on: &router, prefix: prefix)
        return router
    }

    /// Answers every request a `timeout` fault holds, now and later, and stops webhook
    /// deliveries. Call before stopping the server that serves the simulator.
    public func shutdown() {
        held.releaseAll()
        webhooks.shutdown()
    }

    /// How many transactions the simulator holds now (bounded by `maxTransactions`).
    public var transactionCount: Int { store.count }

    /// How many requests a `latency` or `timeout` fault holds now (at most `maxHeldRequests`).
    public var heldRequestCount: Int { held.count }

    /// Invalidates every access token issued so far: the next call with one is answered 401
    /// (for tests of a client's token cache).
    public func revokeAccessTokens() { tokens.revokeAll() }

    /// Runs `operation` with the request's faults: latency first, then an injected status
    /// without side effects, or the operation and, for `timeout`, no answer until released.
    /// A fault that holds the request takes one of `maxHeldRequests` slots first, or is
    /// refused with 429 before anything happens.
    func serve(_ request: Request, isAuthenticated: Bool = false,
               _ operation: (Request, SimulatorFaults) async throws(SmartPayError) -> Response) async -> Response {
        var faults = configuration.defaultFaults
        // Where the header is not allowed it is an ordinary unknown header: ignored.
        if configuration.allowsFaultHeader, let header = request.headers[SimulatorFaults.headerName] {
            guard let parsed = SimulatorFaults(header: header) else { return SmartPayError.invalidFault.response(now: configuration.now()) }
            faults = parsed
        }
        var slot: HeldRequests.Slot?
        if faults.latency != nil || faults.isTimeout {
            guard let taken = held.reserve() else { return SmartPayError.tooManyHeldRequests.response(now: configuration.now()) }
            slot = taken
        }
        defer { if let slot { held.free(slot) } }
        if let latency = faults.latency, let slot {
            await held.wait(slot, atMost: latency)
            // The client has gone (the server cancels its task): nothing is done on its behalf.
            if Task.isCancelled { return SmartPayError.injected(503).response(now: configuration.now()) }
        }
        if let status = faults.status { return SmartPayError.injected(status).response(now: configuration.now()) }
        let response: Response
        do {
            if isAuthenticated { try authenticate(request) }
            response = try await operation(request, faults)
        } catch {
            response = error.response(now: configuration.now())
        }
        if faults.isTimeout, let slot { await held.wait(slot, atMost: configuration.timeoutHold) }
        return response
    }

    /// Seed 001, "Authentication": `Authorization: Basic base64(merchantKey:authenticationKey)`
    /// or `Bearer <access_token>` from `/oauth2/token`; anything else is 401. The optional
    /// `X-Access-Token` is a JWT of at most 512 characters (seed 001, "Custom headers").
    private func authenticate(_ request: Request) throws(SmartPayError) {
        if let idKit = request.headers["X-Access-Token"] {
            guard idKit.utf8.count <= 512 else { throw .invalidField("X-Access-Token", "must be at most 512 characters") }
            guard idKit.split(separator: ".", omittingEmptySubsequences: false).count == 3 else {
                throw .invalidField("X-Access-Token", "must be a JWT (three dot-separated parts)")
            }
        }
        guard let header = request.headers["Authorization"] else { throw .unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { throw .unauthorized }
        let credentials = parts[1].trimmingASCIIWhitespace()
        switch parts[0].lowercased() {
        case "basic":
            guard let decoded = Base64.decode(credentials), let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { throw .unauthorized }
            // Both compared in full, whatever the first says.
            let isUserValid = ConstantTime.equals(decoded[..<colon], Array(configuration.merchantKey.utf8))
            let isPasswordValid = ConstantTime.equals(decoded[(colon + 1)...], Array(configuration.authenticationKey.utf8))
            guard isUserValid && isPasswordValid else { throw .unauthorized }
        case "bearer":
            guard tokens.isValid(credentials, now: configuration.now()) else { throw .unauthorized }
        default:
            throw .unauthorized
        }
    }

    /// A JSON body: `Content-Type: application/json` (parameters such as a charset allowed).
    func requireJSON(_ request: Request) throws(SmartPayError) {
        let mediaType = request.headers["Content-Type"]?.split(separator: ";").first?.trimmingASCIIWhitespace().lowercased()
        guard mediaType == "application/json" else { throw .unsupportedMediaType }
    }

    /// The body's `merchantKey` must be the authenticated merchant's (one account per simulator).
    func checkMerchant(_ merchantKey: String) throws(SmartPayError) {
        guard ConstantTime.equals(merchantKey, configuration.merchantKey) else { throw .foreignMerchant }
    }

    /// Changes the status date after a transition and answers the webhooks it causes.
    func record(_ action: SmartPayTransaction.StateMachine.Action, on transaction: inout SmartPayTransaction,
                origin: SmartPayWebhookEvent.Origin, modificationID: String? = nil, description: String? = nil,
                now: Date, faults: SimulatorFaults) -> [SmartPayWebhookEvent] {
        let event: SmartPayWebhookEvent
        switch action {
        case .none:
            return []
        case .statusChanged:
            transaction.lastStatusDate = now
            guard transaction.machine.status.isNotified else { return [] }
            event = makeEvent(for: transaction, origin: origin, objectID: transaction.id, objectType: .payment, now: now)
        case .modified(let kind, let amount):
            let modification = SmartPayTransaction.Modification(id: SmartPayFormat.guid(), modificationID: modificationID, kind: kind,
                                                                amount: amount, description: description, created: now)
            transaction.modifications.append(modification)
            transaction.lastStatusDate = now
            event = kind == .refund
                ? makeEvent(for: transaction, origin: origin, objectID: modification.id, objectType: .refund, now: now)
                : makeEvent(for: transaction, origin: origin, objectID: transaction.id, objectType: .payment, now: now)
        }
        var events = [event]
        if faults.isDuplicatePush { events.append(event) }
        if faults.isOutOfOrderPush, let previous = transaction.lastWebhook { events.append(previous) }
        transaction.lastWebhook = event
        return events
    }

    private func makeEvent(for transaction: SmartPayTransaction, origin: SmartPayWebhookEvent.Origin, objectID: String,
                           objectType: SmartPayWebhookEvent.ObjectType, now: Date) -> SmartPayWebhookEvent {
        SmartPayWebhookEvent(merchantKey: transaction.merchantKey, created: now, origin: origin, objectID: objectID,
                             objectType: objectType, transactionID: transaction.id, partnerReference: transaction.partnerReference)
    }
}
