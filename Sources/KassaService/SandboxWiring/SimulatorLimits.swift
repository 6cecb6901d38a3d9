import Sandbox

extension SecuconnectSimulator.Configuration {
    /// The `sandbox.*` fields: whether `X-Sandbox-Fault` is honoured, how many requests its
    /// faults may hold, and the origins besides Kassa's own that buyers and pushes may go to.
    public mutating func apply(_ sandbox: KassaConfiguration.Sandbox) {
        allowsFaultHeader = sandbox.allowFaultHeader
        maxHeldRequests = sandbox.maxHeldRequests
        allowedURLOrigins = sandbox.allowedRedirectOrigins
    }
}
