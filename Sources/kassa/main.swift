// The command line: `kassa serve [--host H] [--port N]`.
// FoundationEssentials, not Foundation: full Foundation maps ICU's data and costs ~10 MB of RSS.
import FoundationEssentials
import Glibc

/// Writes a line to standard error.
func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    printError("usage: kassa serve [--host H] [--port N] | kassa migrate [--database PATH]")
    exit(64)
}

switch command {
case "serve":
    do {
        try Serve.run(Array(arguments.dropFirst()))
    } catch {
        printError("kassa: \(error)")
        exit(1)
    }
case "migrate":
    do {
        try Migrate.run(Array(arguments.dropFirst()))
    } catch {
        printError("kassa: \(error)")
        exit(1)
    }
default:
    printError("kassa: unknown command '\(command)'")
    exit(64)
}
