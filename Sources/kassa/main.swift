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
usage: kassa serve [--config PATH] [--host H] [--port N]
                                            the service (sandbox mode without configuration)
       kassa check-config [--config PATH]   validate the configuration, print it without secrets
       kassa sandbox [--config PATH]        the provider simulators alone, under /sandbox/{provider}
       kassa migrate [--config PATH] [--database PATH]
                                            apply the schema migrations (SQLite file or PostgreSQL)
       kassa healthcheck [--url URL]        exit 0 when this machine's instance answers /healthz
       kassa COMMAND --help                 what COMMAND does; nothing else happens
"""

/// What `kassa COMMAND --help` prints: the command's own usage, and where its settings come from.
let commandHelp: [String: String] = [
    "serve": """
    usage: kassa serve [--config PATH] [--host H] [--port N]
    Serves the REST API, the provider webhooks and, in sandbox mode, the simulators, until
    SIGTERM or SIGINT (then it drains and exits 0). Without any configuration it starts in
    sandbox mode on http://127.0.0.1:8080/. Settings come from the JSON file given with
    --config, then KASSA_* variables (secrets also from *_FILE); --host and --port win over
    both. Every field: docs/configuration.md, or `kassa check-config`.
    """,
    "check-config": """
    usage: kassa check-config [--config PATH]
    Reads the configuration as `kassa serve` would and prints either every problem with its
    path (exit 1) or every field with its value, secrets as `set (N chars)` (exit 0).
    """,
    "sandbox": """
    usage: kassa sandbox [--config PATH]
    Serves only the provider simulators, under /sandbox/{provider}, on the configured host and
    port: for a Kassa instance elsewhere pointed at them (providers.*.base_url).
    """,
    "healthcheck": """
    usage: kassa healthcheck [--url URL]
    GETs http://127.0.0.1:${KASSA_PORT:-8080}/healthz (or URL) and exits 0 on a 200, 1
    otherwise: the container image's HEALTHCHECK.
    """,
    "migrate": """
    usage: kassa migrate [--config PATH] [--database PATH]
    Applies the numbered schema migrations to the configured store — the PostgreSQL database of
    store.url (KASSA_STORE_URL) when set, else {data_dir}/kassa.sqlite — or to the SQLite file
    given with --database, and exits; `kassa serve` does the same at start. A database newer
    than this build is refused.
    """,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    printError(usage)
    exit(64)
}
let rest = Array(arguments.dropFirst())
if let help = commandHelp[command], rest.contains(where: { $0 == "--help" || $0 == "-h" }) {
    // Before anything is read, bound or written: help has no side effects.
    print(help)
    exit(0)
}
let environment = ProcessInfo.processInfo.environment

do {
    switch command {
    case "serve": try Serve.run(rest, environment: environment)
    case "check-config":
        let result = CheckConfig.run(rest, environment: environment)
        exit(result)
    case "sandbox": try SandboxCommand.run(rest, environment: environment)
    case "migrate": try Migrate.run(rest, environment: environment)
    case "healthcheck": exit(await HealthCheck.run(rest, environment: environment))
    case "help", "--help", "-h": print(usage)
    default:
        printError("kassa: unknown command '\(command)'\n" + usage)
        exit(64)
    }
} catch {
    printError("kassa: \(error)")
    exit(1)
}
