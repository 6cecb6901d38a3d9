import HTTP

/// A provider's simulator as the service mounts it: its routes under a prefix
/// (`/sandbox/{provider}`) on the service's router, and a shutdown that releases whatever it
/// holds (held requests, push deliveries) before the server stops.
public protocol ProviderSimulator: Sendable {
    /// Adds the simulator's routes under `prefix` ("" to serve it alone).
    func register(on router: inout Router, prefix: String)
    /// Releases held requests and stops background work; called before the server drains.
    func shutdown()
}

extension SecuconnectSimulator: ProviderSimulator {}
