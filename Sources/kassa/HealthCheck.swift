import FoundationEssentials
import Outbound

/// `kassa healthcheck [--url URL]`: GETs `/healthz` of the instance on this machine (default
/// `http://127.0.0.1:${KASSA_PORT:-8080}/healthz`) and exits 0 on a 200, 1 otherwise: the
/// container's `HEALTHCHECK`, which needs no curl in the runtime image (libcurl is there anyway).
enum HealthCheck {
    static func run(_ arguments: [String], environment: [String: String]) async -> Int32 {
        var url = "http://127.0.0.1:\(environment["KASSA_PORT"] ?? "8080")/healthz"
        if arguments.count == 2, arguments[0] == "--url" {
            url = arguments[1]
        } else if !arguments.isEmpty {
            printError("usage: kassa healthcheck [--url URL]")
            return 64
        }
        let client = OutboundClient()
        defer { client.shutdown() }
        do {
            let response = try await client.send(OutboundRequest(method: .get, url: url,
                                                                 timeouts: OutboundTimeouts(total: .seconds(3), connect: .seconds(1))))
            guard response.status == 200 else {
                printError("kassa: \(url) answered \(response.status)")
                return 1
            }
            return 0
        } catch {
            printError("kassa: \(url) did not answer: \(error)")
            return 1
        }
    }
}
