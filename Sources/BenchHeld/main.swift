// kassa-bench-held [--port N]
//
// `kassa serve` in sandbox mode, except that SmartPay's in-process simulator holds every
// Create Checkout (the `timeout` fault on `/sandbox/smartpay/payment/creation`) until shutdown:
// the provider that answers after 90 s of issue 16's benchmark. Configured like `kassa serve`
// (`KASSA_*`); SmartPay is enabled. Run through `CASE=smartpay-held scripts/bench-checkout`,
// which sends the creations and measures /healthz from outside the process.
import Dispatch
import FoundationEssentials
import Glibc
import KassaService
import Sandbox

var environment = ProcessInfo.processInfo.environment
let arguments = Array(CommandLine.arguments.dropFirst())
if let index = arguments.firstIndex(of: "--port"), index + 1 < arguments.count { environment["KASSA_PORT"] = arguments[index + 1] }
environment["KASSA_PROVIDERS_SMARTPAY_ENABLED"] = "true"
environment["KASSA_SANDBOX_MAX_HELD_REQUESTS"] = environment["KASSA_SANDBOX_MAX_HELD_REQUESTS"] ?? "1024"

do {
    let configuration = try KassaConfiguration.load(arguments: [], environment: environment)
    var options = KassaService.Options()
    options.sandboxFaults = { method, path in method == "POST" && path.hasSuffix("/smartpay/payment/creation") ? "timeout" : nil }
    // Held for longer than the adapter waits (providers.smartpay.timeout_seconds, 90 s): the
    // adapter's own timeout ends each call, as it would with a silent provider.
    options.simulators.adjust(SmartPaySimulator.Configuration.self) { $0.timeoutHold = .seconds(600) }
    let service = try KassaService(configuration: configuration, options: options)
    try service.start()
    print("kassa-bench-held: listening on \(service.baseURL)/")
    fflush(nil)
    let signals = [SIGTERM, SIGINT].map { number -> DispatchSourceSignal in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
        source.setEventHandler {
            Task {
                await service.shutdown()
                exit(0)
            }
        }
        source.resume()
        return source
    }
    withExtendedLifetime(signals) { dispatchMain() }
} catch {
    print("kassa-bench-held: \(error)")
    exit(1)
}
