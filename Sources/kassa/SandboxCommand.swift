import FoundationEssentials
import Glibc
import HTTP
import KassaService
import Outbound
import Sandbox

/// `kassa sandbox [--config PATH]`: the provider simulators alone, on the configured host and
/// port, under `/sandbox/{provider}` as in `kassa serve`'s sandbox mode.
enum SandboxCommand {
    static func run(_ arguments: [String], environment: [String: String]) throws {
        let configuration = try KassaConfiguration.load(arguments: arguments, environment: environment)
        let client = OutboundClient()
        var router = Router()
        let simulators = KassaService.mountSandboxSimulators(configuration: configuration, client: client, on: &router)
        router.on("GET", "/healthz") { _ in .json(200, #"{"status":"ok"}"#) }
        var http = HTTPServer.Configuration()
        http.host = configuration.host
        http.port = configuration.port
        let server = HTTPServer(configuration: http, responder: router)
        try server.start()
        let base = "http://\(configuration.host):\(server.port)/sandbox/"
        print("kassa: simulators on " + simulators.map { base + $0.id }.joined(separator: ", "))
        fflush(nil)
        waitForTermination {
            for mounted in simulators { mounted.simulator.shutdown() }
            await server.shutdown()
            client.shutdown()
        }
    }
}
