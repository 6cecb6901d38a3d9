// libFuzzer entry point for the request parser, compiled together with the HTTP module's
// sources by scripts/fuzz-http-parser (not part of `swift test`). Every input is parsed whole
// and split at a position taken from its first byte; both must end in the same way, consume
// no more than they were given, and terminate.
import Glibc

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPLimits()
    limits.maxHeadLength = 4096
    limits.maxBodyLength = 4096
    let whole = outcome(of: bytes, split: nil, limits: limits)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % max(bytes.count, 1)
    let pieces = outcome(of: bytes, split: split, limits: limits)
    if whole != pieces {
        // stderr is unbuffered: the message survives the trap below.
        var message = "split at \(split) changed the outcome:\n  whole:  \(whole)\n  pieces: \(pieces)\n"
        message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        fatalError("parser outcome depends on how the input is split")
    }
    return 0
}

private func outcome(of bytes: [UInt8], split: Int?, limits: HTTPLimits) -> String {
    var parser = RequestParser(limits: limits)
    var buffer: [UInt8] = []
    var log: [String] = []
    let parts = split.map { [Array(bytes[..<$0]), Array(bytes[$0...])] } ?? [bytes]
    var steps = 0
    for part in parts {
        buffer += part
        while true {
            steps += 1
            precondition(steps < 100_000, "parser does not terminate")
            let (event, consumed) = buffer.withUnsafeBufferPointer { parser.parse($0) }
            precondition(consumed <= buffer.count, "consumed more than given")
            buffer.removeFirst(consumed)
            switch event {
            case .needMore: break
            case .head(let head):
                precondition(!head.method.isEmpty && head.headers.count <= limits.maxFieldCount)
                log.append("head \(head.method) \(head.target)")
                continue
            case .body(let n):
                precondition(n > 0)
                log.append("body \(n)")
                continue
            case .end:
                log.append("end")
                continue
            case .error(let error):
                log.append("error \(error.shortDescription)")
                return mergingBodies(log)
            }
            break
        }
    }
    return mergingBodies(log)
}

/// Body events may be split differently by how the input arrived; compare their totals.
private func mergingBodies(_ log: [String]) -> String {
    log.reduce(into: [String]()) { out, entry in
        if entry.hasPrefix("body "), let last = out.last, last.hasPrefix("body ") {
            out[out.count - 1] = "body \(Int(last.dropFirst(5))! + Int(entry.dropFirst(5))!)"
        } else { out.append(entry) }
    }.joined(separator: ",")
}
