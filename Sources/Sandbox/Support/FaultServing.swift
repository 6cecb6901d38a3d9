import HTTP

/// The fault settings every simulator's configuration has (`defaultFaults`,
/// `allowsFaultHeader`, `timeoutHold`), so that one wrapper applies them for all.
protocol FaultServingConfiguration {
    /// The faults applied where the request names none.
    var defaultFaults: SimulatorFaults { get }
    /// Whether a request may name its own faults in `SimulatorFaults.headerName`.
    var allowsFaultHeader: Bool { get }
    /// How long a `timeout` fault holds the answer at most.
    var timeoutHold: Duration { get }
}

/// The errors a simulator answers for the faults themselves, in its own provider's shape.
protocol SimulatorFaultError: Error {
    /// The fault header does not parse.
    static var invalidFault: Self { get }
    /// Every held-request slot is taken.
    static var tooManyHeldRequests: Self { get }
    /// The `status=<code>` fault.
    static func injected(_ status: Int) -> Self
}

extension HeldRequests {
    /// Runs `operation` with the request's faults: latency first, then an injected status
    /// without side effects, or the operation and, for `timeout`, no answer until released.
    /// A fault that holds the request takes one of the slots first, or is refused with 429
    /// before anything happens. `answer` writes every error in the provider's shape.
    func serve<Failure: SimulatorFaultError>(
        _ request: Request, configuration: some FaultServingConfiguration, answer: (Failure) -> Response,
        _ operation: (Request, SimulatorFaults) async throws(Failure) -> Response
    ) async -> Response {
        var faults = configuration.defaultFaults
        // Where the header is not allowed it is an ordinary unknown header: ignored.
        if configuration.allowsFaultHeader, let header = request.headers[SimulatorFaults.headerName] {
            guard let parsed = SimulatorFaults(header: header) else { return answer(.invalidFault) }
            faults = parsed
        }
        var slot: Slot?
        if faults.latency != nil || faults.isTimeout {
            guard let taken = reserve() else { return answer(.tooManyHeldRequests) }
            slot = taken
        }
        defer { if let slot { free(slot) } }
        if let latency = faults.latency, let slot {
            await wait(slot, atMost: latency)
            // The client has gone (the server cancels its task): nothing is done on its
            // behalf, and the answer is never read.
            if Task.isCancelled { return answer(.injected(503)) }
        }
        if let status = faults.status { return answer(.injected(status)) }
        let response: Response
        do {
            response = try await operation(request, faults)
        } catch {
            response = answer(error)
        }
        if faults.isTimeout, let slot { await wait(slot, atMost: configuration.timeoutHold) }
        return response
    }
}
