import Dispatch
import FoundationEssentials
import Glibc
import KassaService

/// `kassa serve [--config PATH] [--host H] [--port N]`: loads the configuration (file,
/// `KASSA_*` variables, `*_FILE` secrets; `--host`/`--port` override `host`/`port`), serves
/// until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
enum Serve {
    struct UsageError: Error, CustomStringConvertible { let description: String }

    static func run(_ arguments: [String], environment: [String: String]) throws {
        let (rest, overridden) = try overrides(arguments, environment)
        let configuration = try KassaConfiguration.load(arguments: rest, environment: overridden)
        var options = KassaService.Options()
        // Only `sandbox.allow_fault_header` lets a client hold the simulators.
        options.allowsSandboxFaultHeader = false
        let service = try KassaService(configuration: configuration, options: options)
        try service.start()
        print("kassa: listening on \(service.baseURL)/")
        fflush(nil)
        waitForTermination { await service.shutdown() }
    }
}

extension Serve {
    /// `--host H` and `--port N` as the strongest source: they become `KASSA_HOST`/`KASSA_PORT`.
    static func overrides(_ arguments: [String], _ environment: [String: String]) throws -> ([String], [String: String]) {
        var rest: [String] = []
        var environment = environment
        var i = 0
        while i < arguments.count {
            let flag = arguments[i]
            guard flag == "--host" || flag == "--port" else {
                rest.append(flag)
                i += 1
                continue
            }
            guard i + 1 < arguments.count else { throw UsageError(description: "\(flag) needs a value") }
            environment[flag == "--host" ? "KASSA_HOST" : "KASSA_PORT"] = arguments[i + 1]
            i += 2
        }
        return (rest, environment)
    }
}

/// Blocks the main thread until SIGTERM or SIGINT, runs `stop`, and exits 0.
func waitForTermination(_ stop: @escaping @Sendable () async -> Void) -> Never {
    let signals = [SIGTERM, SIGINT].map { number -> DispatchSourceSignal in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
        source.setEventHandler {
            Task {
                await stop()
                exit(0)
            }
        }
        source.resume()
        return source
    }
    withExtendedLifetime(signals) { dispatchMain() }
}
