import FoundationEssentials
import HTTP
import JSON
import Synchronization

/// A simulator of secuconnect's Smart Checkout API, written from seeds 002 and 004 and
/// PROVIDERS.md A: OAuth token, Smart Transactions, Payment Transactions cancel/refund, a
/// hosted checkout page, push notifications, and faults on request. Mount it on a router
/// with `register(on:prefix:)`; see docs/sandbox.md.
public final class SecuconnectSimulator: Sendable {
    let configuration: Configuration
    let store: SmartTransactionStore
    let tokens: AccessTokens
    let pushes: RetryingNotificationDelivery
    let held: HeldRequests
    /// Where return and push URLs may point (see `checkDestinations(_:)`).
    let allowedOrigins: Set<URLOrigin>
    private let nextTransID: Mutex<Int>

    /// A simulator with an empty store.
    public init(configuration: Configuration) {
        self.configuration = configuration
        store = SmartTransactionStore(capacity: configuration.maxTransactions)
        tokens = AccessTokens(capacity: configuration.maxTokens)
        pushes = RetryingNotificationDelivery(transport: configuration.pushTransport, retryDelays: configuration.pushRetryDelays)
        nextTransID = Mutex(configuration.firstTransID)
        held = HeldRequests(capacity: configuration.maxHeldRequests)
        allowedOrigins = Self.allowedOrigins(configuration)
    }

    /// Adds the simulator's routes under `prefix` (e.g. `/sandbox/secuconnect`, or "" to serve
    /// it alone): `/oauth/token`, `/api/v2/Smart/Transactions…`, `/api/v2/Payment/Transactions…`,
    /// and the hosted checkout page `/pay`.
    public func register(on router: inout Router, prefix: String) {
        let api = prefix + "/api/v2"
        router.on("POST", prefix + "/oauth/token") { [self] in await serve($0) { r, _ throws(SecuconnectError) in try issueToken(r) } }
        router.on("POST", api + "/Smart/Transactions") { [self] in
            await serve($0, isAuthenticated: true) { r, _ throws(SecuconnectError) in try createSmartTransaction(r, prefix: prefix) }
        }
        router.on("GET", api + "/Smart/Transactions/{id}") { [self] in
            await serve($0, isAuthenticated: true) { r, _ throws(SecuconnectError) in try readSmartTransaction(r, prefix: prefix) }
        }
        for operation in SmartOperation.allCases {
            router.on("POST", api + "/Smart/Transactions/{id}/" + operation.rawValue) { [self] in
                await serve($0, isAuthenticated: true) { r, faults throws(SecuconnectError) in
                    try changeSmartTransaction(r, operation, faults: faults, prefix: prefix)
                }
            }
        }
        router.on("GET", api + "/Payment/Transactions/{id}") { [self] in
            await serve($0, isAuthenticated: true) { r, _ throws(SecuconnectError) in try readPaymentTransaction(r) }
        }
        router.on("POST", api + "/Payment/Transactions/{id}/cancel") { [self] in
            await serve($0, isAuthenticated: true) { r, faults throws(SecuconnectError) in try cancelPaymentTransaction(r, faults: faults) }
        }
        router.on("GET", prefix + "/pay") { [self] in
            await serve($0) { r, _ throws(SecuconnectError) in checkoutPage(r, prefix: prefix) }
        }
        for choice in CheckoutChoice.allCases {
            router.on("POST", prefix + "/pay/{stx}/" + choice.rawValue) { [self] in
                await serve($0) { r, faults throws(SecuconnectError) in finishCheckout(r, choice, faults: faults, prefix: prefix) }
            }
        }
    }

    /// Answers every request a `timeout` fault holds, now and later, and stops push
    /// deliveries. Call before stopping the server that serves the simulator.
    public func shutdown() {
        held.releaseAll()
        pushes.shutdown()
    }

    /// How many transactions the simulator holds now (bounded by `maxTransactions`).
    public var transactionCount: Int { store.count }

    /// How many requests a `latency` or `timeout` fault holds now (at most `maxHeldRequests`).
    public var heldRequestCount: Int { held.count }

    /// Runs `operation` with the request's faults: latency first, then an injected status
    /// without side effects, or the operation and, for `timeout`, no answer until released.
    /// A fault that holds the request takes one of `maxHeldRequests` slots first, or is
    /// refused with 429 before anything happens.
    private func serve(_ request: Request, isAuthenticated: Bool = false,
                       _ operation: (Request, SimulatorFaults) async throws(SecuconnectError) -> Response) async -> Response {
        await held.serve(request, configuration: configuration, answer: { $0.response }) { r, faults throws(SecuconnectError) in
            if isAuthenticated { try authenticate(r) }
            return try await operation(r, faults)
        }
    }

    /// Requires `Authorization: Bearer <token>` with a live token (PROVIDERS.md A, "Errors":
    /// an expired token is 403 with code 2003).
    private func authenticate(_ request: Request) throws(SecuconnectError) {
        guard let header = request.headers["Authorization"] else { throw .tokenMissing }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .tokenMissing }
        guard tokens.isValid(parts[1].trimmingASCIIWhitespace(), now: configuration.now()) else { throw .tokenRejected }
    }

    /// The next `trans_id`.
    func makeTransID() -> Int {
        nextTransID.withLock { value in
            defer { value += 1 }
            return value
        }
    }

    /// The `merchant` object (seed 004).
    var merchant: JSONObject {
        ["object": "general.merchants", "id": .string(configuration.merchantID), "companyname": .string(configuration.merchantName)]
    }
}

extension SecuconnectSimulator.Configuration: FaultServingConfiguration {}
extension SecuconnectError: SimulatorFaultError {}
