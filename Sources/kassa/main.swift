// The command line: `kassa serve | check-config | sandbox | migrate`.
// FoundationEssentials, not Foundation: full Foundation maps ICU's data and costs ~10 MB of RSS.
import FoundationEssentials
import Glibc

/// Writes a line to standard error.
func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

let usage = """
usage: kassa serve [--config PATH]          the service (sandbox mode without configuration)
       kassa check-config [--config PATH]   validate the configuration, print it without secrets
       kassa sandbox [--config PATH]        the provider simulators alone, under /sandbox/{provider}
       kassa migrate [--config PATH] [--database PATH]
"""

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    printError(usage)
    exit(64)
}
let rest = Array(arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment

do {
    switch command {
    case "serve": try Serve.run(rest, environment: environment)
    case "check-config":
        let result = CheckConfig.run(rest, environment: environment)
        exit(result)
    case "sandbox": try SandboxCommand.run(rest, environment: environment)
    case "migrate": try Migrate.run(rest, environment: environment)
    case "help", "--help", "-h": print(usage)
    default:
        printError("kassa: unknown command '\(command)'\n" + usage)
        exit(64)
    }
} catch {
    printError("kassa: \(error)")
    exit(1)
}
