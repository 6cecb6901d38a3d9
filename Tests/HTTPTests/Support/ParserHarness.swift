import Foundation
@testable import HTTP

/// What a parser made of some bytes: the head, the body and how it ended.
struct ParseOutcome: Equatable {
    var heads: [RequestHead] = []
    var bodies: [[UInt8]] = []
    var error: HTTPParseError?
    var endedCleanly = false
    var leftover = 0
}

/// Feeds `bytes` to a fresh parser in pieces of `step` bytes (all at once when nil), the way
/// a connection would: keeping unconsumed bytes and calling again until `.needMore`.
func runParser(_ bytes: [UInt8], step: Int? = nil, limits: HTTPLimits = HTTPLimits(),
               bodyLimit: Int? = nil, stopAfterFirst: Bool = true) -> ParseOutcome {
    var parser = RequestParser(limits: limits)
    var outcome = ParseOutcome()
    var buffer: [UInt8] = []
    var offset = 0
    var body: [UInt8] = []
    let chunk = step ?? max(bytes.count, 1)
    while offset < bytes.count || !buffer.isEmpty {
        if offset < bytes.count {
            buffer += bytes[offset..<min(offset + chunk, bytes.count)]
            offset += chunk
        }
        var progressed = true
        while progressed {
            let (event, consumed) = buffer.withUnsafeBufferPointer { parser.parse($0) }
            let taken = Array(buffer[..<consumed])
            buffer.removeFirst(consumed)
            switch event {
            case .needMore:
                progressed = false
            case .head(let head):
                outcome.heads.append(head)
                if let bodyLimit { parser.bodyLimit = bodyLimit }
            case .body(let n):
                body += taken.suffix(n)
            case .end:
                outcome.bodies.append(body)
                body = []
                if stopAfterFirst {
                    outcome.endedCleanly = true
                    outcome.leftover = buffer.count + max(0, bytes.count - offset)
                    return outcome
                }
            case .error(let error):
                outcome.error = error
                return outcome
            }
        }
        if offset >= bytes.count { break }
    }
    outcome.endedCleanly = !outcome.bodies.isEmpty
    outcome.leftover = buffer.count
    return outcome
}

extension String {
    /// The text with `\n` turned into CRLF, as bytes.
    var crlf: [UInt8] { Array(replacingOccurrences(of: "\n", with: "\r\n").utf8) }
}
