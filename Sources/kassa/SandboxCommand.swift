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
        var simulatorConfiguration = SecuconnectSimulator.Configuration()
        simulatorConfiguration.publicBaseURL = configuration.publicBaseURL
        simulatorConfiguration.pushTransport = OutboundPushTransport(client: client)
        simulatorConfiguration.apply(configuration.sandbox)
        let simulator = SecuconnectSimulator(configuration: simulatorConfiguration)
        var router = Router()
        simulator.register(on: &router, prefix: "/sandbox/secuconnect")
        router.on("GET", "/healthz") { _ in .json(200, #"{"status":"ok"}"#) }
        var http = HTTPServer.Configuration()
        http.host = configuration.host
        http.port = configuration.port
        let server = HTTPServer(configuration: http, responder: router)
        try server.start()
        print("kassa: simulators on http://\(configuration.host):\(server.port)/sandbox/secuconnect")
        fflush(nil)
        waitForTermination {
            simulator.shutdown()
            await server.shutdown()
            client.shutdown()
        }
    }
}
