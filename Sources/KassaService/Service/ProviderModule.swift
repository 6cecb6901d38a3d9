import Payments
import Sandbox

/// Everything Kassa needs to know about one provider, in one value: its id, its
/// configuration section, the URL fields that follow the bound port, the adapter, the
/// notification intake and the sandbox simulator. `KassaService`, `kassa sandbox`,
/// `check-config` and the configuration loader iterate over `ProviderModules.builtIn`; a
/// provider whose module is not in that list cannot be enabled.
///
/// Why here and not in the provider's folder: a module ties the adapter (`Providers`) to its
/// simulator (`Sandbox`) and to the configuration (`KassaService`), and `Sandbox` never
/// imports `Providers`, while adapters never see the HTTP server's types. `KassaService` is the
/// only room that sees all three, so each module is one small file in `Service/Modules/`.
/// See docs/adding-a-provider.md.
protocol ProviderModule: Sendable {
    /// The provider's id: `providers.{id}` in the configuration, `/v1/webhooks/{id}`,
    /// `/sandbox/{id}`.
    var id: ProviderID { get }
    /// The `providers.{id}.*` fields, `providers.{id}.enabled` first (see `enabledField`).
    var configurationFields: [ConfigurationField] { get }
    /// Whether the configuration offers this provider.
    func isEnabled(in configuration: KassaConfiguration) -> Bool
    /// Rewrites the URL fields under the public base URL with `move` (port 0: the bound port).
    func rebase(_ configuration: inout KassaConfiguration, _ move: (String) -> String)
    /// The adapter for the configured account.
    func makeAdapter(_ context: ProviderContext) -> any PaymentProvider
    /// The reader of `POST /v1/webhooks/{id}`.
    func makeIntake(_ context: ProviderContext) -> any NotificationIntake
    /// The simulator mounted under `/sandbox/{id}` in sandbox mode.
    func makeSimulator(_ context: SimulatorContext) -> any ProviderSimulator
}

extension ProviderModule {
    /// `providers.{id}.enabled`: true by default, since only providers with a module have
    /// this field at all.
    func enabledField(_ keyPath: WritableKeyPath<KassaConfiguration, Bool>) -> ConfigurationField {
        .boolean("providers.\(id.rawValue).enabled", keyPath, .value(.boolean(true)), "offer \(id.rawValue)")
    }
}

/// The one list of providers this build offers. Adding a provider adds one entry here.
enum ProviderModules {
    /// The built-in modules.
    static let builtIn: [any ProviderModule] = [
        SecuconnectModule(),
        SmartCreditModule(),
        PledgModule(),
        SmartPayModule(),
    ]
}
