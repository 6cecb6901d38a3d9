import Outbound
import Payments
import Providers

/// What a provider adapter is built from: the configuration with the address the server
/// actually bound, and the shared outbound client. A module adds its own account reader as
/// an extension next to it (e.g. `secuconnectConfiguration` in `Modules/SecuconnectModule.swift`).
public struct ProviderContext: Sendable {
    /// The configuration; in sandbox mode with port 0 its URLs already carry the bound port.
    public let configuration: KassaConfiguration
    /// The one outbound client (its log hook writes the provider-call log lines).
    public let client: OutboundClient
    /// Where Pledg's virtual cards wait for their event; nil unless `providers.pledg.forward_virtual_card`.
    public var pledgVirtualCards: PledgVirtualCardHandoff? = nil
    /// The service's log, for adapters that report more than their calls (nil: none).
    var logger: Logger? = nil
}

/// Builds the provider adapters for a context (tests: adapters with other settings).
public typealias ProviderFactory = @Sendable (ProviderContext) -> [any PaymentProvider]
