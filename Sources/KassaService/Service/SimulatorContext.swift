import Outbound
import Sandbox

/// What a provider's simulator is built from: the configuration (URLs already on the bound
/// port), the address buyers and pushes reach Kassa at, the push transport, and the tests'
/// adjustments.
struct SimulatorContext: Sendable {
    /// The effective configuration.
    let configuration: KassaConfiguration
    /// Scheme, host and port of this instance.
    let publicBaseURL: String
    /// Pushes travel through Kassa's outbound client, over a real socket.
    let pushTransport: any SimulatorPushTransport
    /// Whether `X-Sandbox-Fault` is honoured whatever `sandbox.allow_fault_header` says.
    let forcesFaultHeader: Bool
    /// The tests' changes to simulator configurations.
    let overrides: SimulatorOverrides
}

/// Changes to simulator configurations, keyed by the configuration's type, so that the
/// service's options need not name any provider's simulator:
///
/// ```swift
/// options.simulators.adjust(SecuconnectSimulator.Configuration.self) { $0.timeoutHold = .seconds(5) }
/// ```
public struct SimulatorOverrides: Sendable {
    private var adjustments: [ObjectIdentifier: @Sendable (inout Any) -> Void] = [:]

    /// No changes.
    public init() {}

    /// Runs `change` on every simulator configuration of type `type` before it is built.
    public mutating func adjust<C>(_ type: C.Type, _ change: @escaping @Sendable (inout C) -> Void) {
        adjustments[ObjectIdentifier(type)] = { value in
            guard var typed = value as? C else { return }
            change(&typed)
            value = typed
        }
    }

    /// `configuration` with the change registered for its type, if any.
    public func apply<C>(to configuration: inout C) {
        guard let adjustment = adjustments[ObjectIdentifier(C.self)] else { return }
        var value: Any = configuration
        adjustment(&value)
        if let changed = value as? C { configuration = changed }
    }
}
