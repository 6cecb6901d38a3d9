// libFuzzer target `chunked` (scripts/fuzz): the chunked body decoder. The input is the body
// of a `Transfer-Encoding: chunked` request; the head is fixed, so every mutation lands in the
// decoder. Besides being the same however split, a body the parser accepts must be exactly
// the data a plain reading of the chunk sizes gives (RFC 9112 §7.1.3's decoding algorithm).
import HTTP

private let head = Array("POST /fuzz HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunkedBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPLimits()
    limits.maxBodyLength = 4096
    limits.maxChunkLineLength = 64
    limits.maxTrailerLength = 256
    let run = ParserRun.sameHoweverSplit(head + body, limits: limits)
    fuzzCheck(run.events.first?.hasPrefix("head POST /fuzz") == true, "the fixed head was not accepted: \(run)")
    // Once the first message has ended, its body must be the chunks' data, in order.
    guard let firstEnd = run.events.firstIndex(of: "end") else { return 0 }
    let bodyEvent = run.events[1..<firstEnd].last { $0.hasPrefix("body ") }
    let firstBodyCount = bodyEvent.map { Int($0.dropFirst(5))! } ?? 0
    guard let expected = plainDechunk(body) else {
        fuzzFailure("the parser accepted a chunked body a plain reading cannot decode: \(run)")
    }
    fuzzCheck(Array(run.body.prefix(firstBodyCount)) == expected,
              "decoded body differs from the chunks' data: \(firstBodyCount) bytes against \(expected.count)")
    return 0
}

/// The chunk data of `bytes` by the simplest reading of RFC 9112 §7.1: hex size, skip to the
/// end of the line, take that many bytes, skip CRLF, until a size of zero. Nil when the bytes
/// run out first. Deliberately independent of the parser's code.
private func plainDechunk(_ bytes: [UInt8]) -> [UInt8]? {
    var data: [UInt8] = []
    var i = 0
    while true {
        var size = 0
        while i < bytes.count, let digit = hexValue(bytes[i]) {
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            if overflow { return nil }
            size = shifted + digit
            i += 1
        }
        guard i <= bytes.count, let lf = bytes[i...].firstIndex(of: 10) else { return nil }
        i = lf + 1
        if size == 0 { return data }
        guard size <= bytes.count - i else { return nil }
        data += bytes[i..<(i + size)]
        i += size + 2
    }
}

private func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
}
