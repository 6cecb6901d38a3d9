// Drives the HTTP request parser the way a connection does, for the http-parser and chunked
// targets: bytes arrive in pieces, the caller keeps what was not consumed and calls again
// until `.needMore`.
import HTTP

/// What a parser made of an input: its events in order (body events merged, since how a body
/// is cut into events depends on how it arrived) and every body byte it handed out.
struct ParserRun: Equatable, CustomStringConvertible {
    var events: [String] = []
    var body: [UInt8] = []

    var description: String { events.joined(separator: ",") + " (\(body.count) body bytes)" }

    /// Feeds `bytes` to a fresh parser in pieces of the given sizes (whatever is left after the
    /// sizes run out arrives as one last piece) and checks the parser's own promises on the way.
    static func feeding(_ bytes: [UInt8], pieceSizes: [Int], limits: HTTPLimits) -> ParserRun {
        var parser = RequestParser(limits: limits)
        var run = ParserRun()
        var buffer: [UInt8] = []
        var offset = 0
        var pieces = pieceSizes.makeIterator()
        var steps = 0
        while offset < bytes.count {
            let size = min(pieces.next() ?? bytes.count, bytes.count - offset)
            buffer += bytes[offset..<(offset + size)]
            offset += size
            while true {
                steps += 1
                fuzzCheck(steps < 1_000_000, "the parser does not terminate")
                let (event, consumed) = buffer.withUnsafeBufferPointer { parser.parse($0) }
                fuzzCheck(consumed >= 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count) bytes")
                switch event {
                case .needMore:
                    buffer.removeFirst(consumed)
                case .head(let head):
                    fuzzCheck(!head.method.isEmpty && !head.target.isEmpty, "a head without method or target")
                    fuzzCheck(head.headers.count <= limits.maxFieldCount, "\(head.headers.count) fields passed the limit")
                    run.events.append("head \(head.method) \(head.target) \(head.version.text) \(head.framing)")
                    buffer.removeFirst(consumed)
                    continue
                case .body(let n):
                    fuzzCheck(n > 0 && n <= consumed, "body event of \(n) bytes in \(consumed) consumed")
                    run.body += buffer[(consumed - n)..<consumed]
                    if run.events.last?.hasPrefix("body ") == true { run.events.removeLast() }
                    run.events.append("body \(run.body.count)")
                    buffer.removeFirst(consumed)
                    continue
                case .end:
                    run.events.append("end")
                    buffer.removeFirst(consumed)
                    continue
                case .error(let error):
                    run.events.append("error \(error.shortDescription)")
                    // A failed parser stays failed: the connection answers once and closes.
                    buffer.removeFirst(consumed)
                    let again = buffer.withUnsafeBufferPointer { parser.parse($0) }.event
                    fuzzCheck(again == event, "after \(error) the parser answered \(again)")
                    return run
                }
                break
            }
        }
        return run
    }

    /// Runs `bytes` whole, in two pieces and in many small pieces (sizes drawn from the input
    /// itself), and stops the fuzzer when the outcomes differ. Returns the whole run.
    static func sameHoweverSplit(_ bytes: [UInt8], limits: HTTPLimits) -> ParserRun {
        let whole = feeding(bytes, pieceSizes: [], limits: limits)
        var random = SplitMix64(seed: bytes)
        let cut = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
        let halves = feeding(bytes, pieceSizes: [cut], limits: limits)
        fuzzCheck(halves == whole, "split at \(cut) changed the outcome:\n  whole:  \(whole)\n  halves: \(halves)")
        let largest = bytes.isEmpty ? 1 : Int(bytes[0] % 32) + 1
        var sizes: [Int] = []
        var total = 0
        while total < bytes.count {
            sizes.append(random.size(upTo: largest))
            total += sizes[sizes.count - 1]
        }
        let pieces = feeding(bytes, pieceSizes: sizes, limits: limits)
        fuzzCheck(pieces == whole, "pieces \(sizes.prefix(16))… changed the outcome:\n  whole:  \(whole)\n  pieces: \(pieces)")
        return whole
    }
}
