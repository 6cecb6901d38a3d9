import Dispatch
import FoundationEssentials
import Glibc
import HTTP

/// `kassa serve`: binds, serves until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
enum Serve {
    struct UsageError: Error, CustomStringConvertible { let description: String }

    static func run(_ arguments: [String]) throws {
        var configuration = HTTPServer.Configuration()
        var i = 0
        while i < arguments.count {
            let flag = arguments[i]
            guard i + 1 < arguments.count else { throw UsageError(description: "\(flag) needs a value") }
            let value = arguments[i + 1]
            switch flag {
            case "--port":
                guard let port = Int(value), (0...65535).contains(port) else { throw UsageError(description: "--port must be 0…65535") }
                configuration.port = port
            case "--host":
                configuration.host = value
            default:
                throw UsageError(description: "unknown option \(flag)")
            }
            i += 2
        }
        if let port = ProcessInfo.processInfo.environment["KASSA_PORT"], arguments.firstIndex(of: "--port") == nil, let p = Int(port) {
            configuration.port = p
        }

        if let loops = ProcessInfo.processInfo.environment["KASSA_EVENT_LOOPS"].flatMap(Int.init), loops > 0 {
            configuration.eventLoopCount = loops
        }

        var router = Router()
        router.on("GET", "/healthz") { _ in .json(200, #"{"status":"ok"}"#) }
        if ProcessInfo.processInfo.environment["KASSA_DEBUG_ECHO"] == "1" {
            // For benchmarks and conformance tests only: the body back, with its content type.
            router.on("POST", "/debug/echo") { request in
                var headers: HTTPHeaders = [:]
                if let type = request.headers["Content-Type"] { headers.add(name: "Content-Type", value: type) }
                return Response(status: 200, headers: headers, body: request.body)
            }
        }

        let server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        print("kassa: listening on http://\(configuration.host):\(server.port)/")
        fflush(nil)

        let signals = [SIGTERM, SIGINT].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                Task {
                    await server.shutdown()
                    exit(0)
                }
            }
            source.resume()
            return source
        }
        withExtendedLifetime(signals) { dispatchMain() }
    }
}
