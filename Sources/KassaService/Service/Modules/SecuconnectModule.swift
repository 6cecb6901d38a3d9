import Outbound
import Payments
import Providers
import Sandbox

/// secuconnect Smart Checkout: `Providers/Secuconnect` (adapter, push intake),
/// `Sandbox/Secuconnect` (simulator), `providers.secuconnect` (below).
struct SecuconnectModule: ProviderModule {
    let id = ProviderID.secuconnect

    func isEnabled(in configuration: KassaConfiguration) -> Bool { configuration.providers.secuconnect.isEnabled }

    func rebase(_ configuration: inout KassaConfiguration, _ move: (String) -> String) {
        configuration.providers.secuconnect.baseURL = move(configuration.providers.secuconnect.baseURL)
    }

    func makeAdapter(_ context: ProviderContext) -> any PaymentProvider {
        SecuconnectProvider(configuration: context.secuconnectConfiguration(), client: context.client)
    }

    func makeIntake(_ context: ProviderContext) -> any NotificationIntake { SecuconnectNotificationIntake() }

    func makeSimulator(_ context: SimulatorContext) -> any ProviderSimulator {
        var configuration = SecuconnectSimulator.Configuration()
        configuration.publicBaseURL = context.publicBaseURL
        configuration.pushTransport = context.pushTransport
        configuration.apply(context.configuration.sandbox)
        configuration.allowsFaultHeader = context.configuration.sandbox.allowFaultHeader || context.forcesFaultHeader
        context.overrides.apply(to: &configuration)
        return SecuconnectSimulator(configuration: configuration)
    }

    var configurationFields: [ConfigurationField] {
        typealias Field = ConfigurationField
        let enabled: Field.Requirement = { $0.providers.secuconnect.isEnabled }
        return [
            enabledField(\.providers.secuconnect.isEnabled),
            .text("providers.secuconnect.base_url", \.providers.secuconnect.baseURL, url: true, .simulator("secuconnect"),
                  required: enabled, "the API host: /oauth/token and /api/v2/... are below it"),
            .text("providers.secuconnect.client_id", \.providers.secuconnect.clientID,
                  .sandbox(SandboxDefaults.secuconnectClientID), required: enabled, "OAuth client id"),
            .secret("providers.secuconnect.client_secret", \.providers.secuconnect.clientSecret,
                    .sandbox(SandboxDefaults.secuconnectClientSecret), required: enabled, "OAuth client secret"),
            .text("providers.secuconnect.contract_id", \.providers.secuconnect.contractID,
                  .sandbox(SandboxDefaults.secuconnectContractID), required: enabled, "the Smart Transaction's contract.id (GCR_…)"),
            .boolean("providers.secuconnect.is_demo", \.providers.secuconnect.isDemo,
                     .byMode(sandbox: { _ in .boolean(true) }, live: .boolean(false)), "the Smart Transaction's is_demo flag"),
            .text("providers.secuconnect.checkout_template", \.providers.secuconnect.checkoutTemplate,
                  .text(SandboxDefaults.secuconnectCheckoutTemplate), "application_context.checkout_template"),
        ] + ConfigurationSchema.timeouts("secuconnect", \.providers.secuconnect.timeouts, total: 30)
    }
}

extension ProviderContext {
    /// The secuconnect adapter's account from `providers.secuconnect`; `autoCapture` true
    /// (intent `sale` pays on approval), as the adapter's default.
    func secuconnectConfiguration(autoCapture: Bool = true) -> SecuconnectProvider.Configuration {
        let c = configuration.providers.secuconnect
        return SecuconnectProvider.Configuration(
            baseURL: c.baseURL, clientID: c.clientID, clientSecret: c.clientSecret.value, contractID: c.contractID,
            isDemo: c.isDemo, checkoutTemplate: c.checkoutTemplate, autoCapture: autoCapture,
            timeouts: OutboundTimeouts(total: .seconds(c.timeouts.totalSeconds), connect: .seconds(c.timeouts.connectSeconds)))
    }
}
