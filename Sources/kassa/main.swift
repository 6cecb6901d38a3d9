// The command line: `kassa serve [--host H] [--port N]`.
import Dispatch
import Foundation
import HTTP

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write("usage: kassa serve [--host H] [--port N]\n".data(using: .utf8)!)
    exit(64)
}

switch command {
case "serve":
    do {
        try Serve.run(Array(arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write("kassa: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
default:
    FileHandle.standardError.write("kassa: unknown command '\(command)'\n".data(using: .utf8)!)
    exit(64)
}
