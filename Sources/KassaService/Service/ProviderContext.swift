import Outbound
import Payments
import Providers

/// What a provider adapter is built from: the configuration with the address the server
/// actually bound, and the shared outbound client.
public struct ProviderContext: Sendable {
    /// The configuration; in sandbox mode with port 0 its URLs already carry the bound port.
    public let configuration: KassaConfiguration
    /// The one outbound client (its log hook writes the provider-call log lines).
    public let client: OutboundClient

    /// The secuconnect adapter's account from `providers.secuconnect`; `autoCapture` true
    /// (intent `sale` pays on approval), as the adapter's default.
    public func secuconnectConfiguration(autoCapture: Bool = true) -> SecuconnectProvider.Configuration {
        let c = configuration.providers.secuconnect
        return SecuconnectProvider.Configuration(
            baseURL: c.baseURL, clientID: c.clientID, clientSecret: c.clientSecret.value, contractID: c.contractID,
            isDemo: c.isDemo, checkoutTemplate: c.checkoutTemplate, autoCapture: autoCapture,
            timeouts: OutboundTimeouts(total: .seconds(c.timeouts.totalSeconds), connect: .seconds(c.timeouts.connectSeconds)))
    }
}

/// Builds the provider adapters for a context.
public typealias ProviderFactory = @Sendable (ProviderContext) -> [any PaymentProvider]

enum BuiltInProviders {
    /// The adapters this build ships, for the enabled providers. (Only secuconnect has an
    /// adapter so far; the other providers' configuration is validated but not offered.)
    static func make(_ context: ProviderContext) -> [any PaymentProvider] {
        var providers: [any PaymentProvider] = []
        if context.configuration.providers.secuconnect.isEnabled {
            providers.append(SecuconnectProvider(configuration: context.secuconnectConfiguration(), client: context.client))
        }
        return providers
    }
}
