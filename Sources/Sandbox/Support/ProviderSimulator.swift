import HTTP

/// A provider's simulator as the service mounts it: its routes under a prefix
/// (`/sandbox/{provider}`) on the service's router, and a shutdown that releases whatever it
/// holds (held requests, push deliveries) before the server stops.
public protocol ProviderSimulator: Sendable {
    /// Adds the simulator's routes under `prefix` ("" to serve it alone).
    func register(on router: inout Router, prefix: String)
    /// Releases held requests and stops background work; called before the server drains.
    func shutdown()

    /// The outcomes the sandbox test helper (`POST /v1/checkouts/{id}/simulate`, DESIGN.md)
    /// can play on this provider, in the order the docs list them. Default: none.
    var testOutcomes: [String] { get }

    /// Plays the buyer on `payment` to `outcome` (one of `testOutcomes`) through the same
    /// pages, widget or form a person would use; Kassa then learns the result the way it would
    /// in production (notification, return, poll). Never writes Kassa's state.
    func play(_ outcome: String, on payment: SimulatedPayment) async throws(SimulationRefusal)
}

extension ProviderSimulator {
    /// A router with only this simulator, for running it alone.
    public func makeRouter(prefix: String = "") -> Router {
        var router = Router()
        register(on: &router, prefix: prefix)
        return router
    }

    public var testOutcomes: [String] { [] }

    public func play(_ outcome: String, on payment: SimulatedPayment) async throws(SimulationRefusal) {
        throw SimulationRefusal("this simulator has no test outcomes")
    }
}

/// What Kassa knows of a payment the test helper plays: enough for a simulator to find it.
public struct SimulatedPayment: Sendable {
    /// Kassa's checkout id (`chk_…`), the reference most providers were sent.
    public var checkoutID: String
    /// The shop's order reference.
    public var orderReference: String
    /// The provider's id of the payment, when known (`STX_…`, SmartPay transaction id, …).
    public var providerReference: String?
    /// The checkout's provider data (tokens, URLs, ids the adapter kept).
    public var providerData: [String: String]
    /// The URL of the checkout's next action (redirect URL, Pledg front URL), when it has one.
    public var nextActionURL: String?

    public init(checkoutID: String, orderReference: String, providerReference: String?,
                providerData: [String: String], nextActionURL: String?) {
        self.checkoutID = checkoutID
        self.orderReference = orderReference
        self.providerReference = providerReference
        self.providerData = providerData
        self.nextActionURL = nextActionURL
    }
}

/// Why the simulator could not play an outcome (the payment is unknown to it, or already
/// finished): answered 409 by the test helper, with `message` as detail.
public struct SimulationRefusal: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension SecuconnectSimulator: ProviderSimulator {}
