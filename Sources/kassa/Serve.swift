import Dispatch
import FoundationEssentials
import Glibc
import KassaService

/// `kassa serve [--config PATH]`: loads the configuration (file, `KASSA_*` variables,
/// `*_FILE` secrets), serves until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
enum Serve {
    struct UsageError: Error, CustomStringConvertible { let description: String }

    static func run(_ arguments: [String], environment: [String: String]) throws {
        let configuration = try KassaConfiguration.load(arguments: arguments, environment: environment)
        let service = try KassaService(configuration: configuration)
        try service.start()
        print("kassa: listening on \(service.baseURL)/")
        fflush(nil)
        waitForTermination { await service.shutdown() }
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
