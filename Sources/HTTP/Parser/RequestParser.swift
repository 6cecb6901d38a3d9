/// An incremental RFC 9112 request parser: a pure state machine over bytes. It never does I/O
/// or reads a clock, and it never converts to `String` before framing is validated.
///
/// The caller owns the input buffer. Each call to `parse(_:)` is given the bytes not yet
/// consumed and answers with one event and how many bytes it consumed; the caller drops those
/// bytes and calls again until `.needMore`. A head is consumed only once it is complete, so the
/// parser remembers only how far it has scanned (picohttpparser's approach, made incremental).
public struct RequestParser: Sendable {
    /// What the bytes so far amount to.
    public enum Event: Equatable, Sendable {
        /// Nothing more can be decided without more bytes.
        case needMore
        /// A complete, validated head.
        case head(RequestHead)
        /// The first `n` input bytes are body data (already de-chunked).
        case body(Int)
        /// The message is complete; the next call starts the next request.
        case end
        /// The request is malformed; the connection must answer once and close.
        case error(HTTPParseError)
    }

    private enum State: Sendable {
        case head(HeadScan)
        case body(remaining: Int)
        case chunkLine
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int)
        case complete
        case failed(HTTPParseError)
    }

    /// Progress of the scan for the end of a head, relative to the first unconsumed byte.
    struct HeadScan: Sendable {
        /// The request-line, checked as it arrives.
        var requestLine = RequestLineScanner()
        /// Set once the request-line is complete.
        var checkedLine: RequestLine?
        var scanned = 0
        var lineStart = 0
        var lineCount = 0
    }

    /// The limits in force.
    public let limits: HTTPLimits
    /// The body limit for the current request; the caller may lower or raise it per route
    /// after `.head` (a chunked body crossing it fails with `bodyTooLarge`).
    public var bodyLimit: Int
    private var state: State = .head(HeadScan())
    private var bodyReceived = 0

    /// A parser waiting for the first request.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBodyLength
    }

    /// True when no byte of a request has been consumed or scanned since the last message ended.
    public var isBetweenMessages: Bool {
        switch state {
        case .complete: true
        case .head(let scan): scan.scanned == 0
        default: false
        }
    }

    /// Feeds the unconsumed input; see the type's documentation.
    public mutating func parse(_ input: UnsafeBufferPointer<UInt8>) -> (event: Event, consumed: Int) {
        var consumed = 0
        while true {
            let rest = UnsafeBufferPointer(rebasing: input[consumed...])
            switch state {
            case .failed(let error):
                return (.error(error), consumed)
            case .complete:
                state = .head(HeadScan())
                bodyLimit = limits.maxBodyLength
                bodyReceived = 0
            case .head(var scan):
                // RFC 9112 §2.2: ignore empty lines before the request-line.
                if scan.scanned == 0 {
                    let skipped = Self.leadingEmptyLines(rest)
                    if skipped > 0 {
                        consumed += skipped
                        continue
                    }
                    // A lone CR might start an empty line: wait for what follows it.
                    if rest.count == 1, rest[0] == ByteClass.cr { return (.needMore, consumed) }
                }
                switch scanHead(rest, &scan) {
                case .incomplete:
                    state = .head(scan)
                    return (.needMore, consumed)
                case .failed(let error):
                    return fail(error, consumed)
                case .complete(let length, let lineCount, let requestLine):
                    switch HeadParser.parse(UnsafeBufferPointer(rebasing: rest[..<length]), lineCount: lineCount,
                                            requestLine: requestLine) {
                    case .failure(let error):
                        return fail(error, consumed)
                    case .success(let head):
                        switch head.framing {
                        case .none: state = .body(remaining: 0)
                        case .length(let n): state = .body(remaining: n)
                        case .chunked: state = .chunkLine
                        }
                        return (.head(head), consumed + length)
                    }
                }
            case .body(let remaining):
                if remaining == 0 {
                    state = .complete
                    return (.end, consumed)
                }
                guard !rest.isEmpty else { return (.needMore, consumed) }
                let n = min(rest.count, remaining)
                state = .body(remaining: remaining - n)
                return (.body(n), consumed + n)
            case .chunkLine:
                switch Self.parseChunkLine(rest, maxLength: limits.maxChunkLineLength) {
                case .incomplete:
                    return (.needMore, consumed)
                case .failed(let error):
                    return fail(error, consumed)
                case .size(let size, let length):
                    consumed += length
                    if size == 0 {
                        state = .trailers(bytes: 0)
                    } else {
                        guard size <= bodyLimit - bodyReceived else { return fail(.bodyTooLarge, consumed) }
                        bodyReceived += size
                        state = .chunkData(remaining: size)
                    }
                }
            case .chunkData(let remaining):
                guard !rest.isEmpty else { return (.needMore, consumed) }
                let n = min(rest.count, remaining)
                state = n == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - n)
                return (.body(n), consumed + n)
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by exactly CRLF.
                if rest.count >= 1, rest[0] != ByteClass.cr { return fail(.missingChunkTerminator, consumed) }
                if rest.count >= 2, rest[1] != ByteClass.lf { return fail(.missingChunkTerminator, consumed) }
                guard rest.count >= 2 else { return (.needMore, consumed) }
                consumed += 2
                state = .chunkLine
            case .trailers(let bytes):
                let budget = limits.maxTrailerLength - bytes
                guard let lf = Self.firstLF(rest, limit: budget) else {
                    if rest.count >= budget { return fail(.trailersTooLarge, consumed) }
                    return (.needMore, consumed)
                }
                let line = UnsafeBufferPointer(rebasing: rest[..<lf])
                consumed += lf + 1
                if line.isEmpty || (line.count == 1 && line[0] == ByteClass.cr) {
                    state = .complete
                    return (.end, consumed)
                }
                // RFC 9112 §7.1.2: trailer fields follow the header field rules; they are ignored.
                if let error = HeadParser.validateFieldLine(line) { return fail(error, consumed) }
                state = .trailers(bytes: bytes + lf + 1)
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError, _ consumed: Int) -> (event: Event, consumed: Int) {
        state = .failed(error)
        return (.error(error), consumed)
    }

    private enum HeadScanResult {
        case incomplete
        case complete(length: Int, lineCount: Int, requestLine: RequestLine)
        case failed(HTTPParseError)
    }

    /// Scans for the empty line that ends the head, enforcing the size limits as it goes so
    /// that a peer can never make the buffer grow past them. The request-line is checked
    /// byte by byte first (`RequestLineScanner`): what cannot be HTTP fails at its first byte.
    private func scanHead(_ bytes: UnsafeBufferPointer<UInt8>, _ scan: inout HeadScan) -> HeadScanResult {
        let requestLine: RequestLine
        if let checked = scan.checkedLine {
            requestLine = checked
        } else {
            // Only as far as the longest allowed line: a byte beyond it is a 414 however the
            // input is split, never a 400 when it happens to arrive in the same read.
            switch scan.requestLine.scan(UnsafeBufferPointer(rebasing: bytes.prefix(limits.maxRequestLineLength + 2))) {
            case .failed(let error):
                return .failed(error)
            case .needMore:
                scan.scanned = bytes.count
                return bytes.count > limits.maxRequestLineLength + 1 ? .failed(.requestLineTooLong) : .incomplete
            case .complete(let line, let length):
                let crlf = bytes[length - 2] == ByteClass.cr ? 2 : 1
                if length - crlf > limits.maxRequestLineLength { return .failed(.requestLineTooLong) }
                scan.checkedLine = line
                requestLine = line
                scan.lineCount = 1
                scan.lineStart = length
                scan.scanned = length
            }
        }
        var i = scan.scanned
        while let lf = Self.firstLF(UnsafeBufferPointer(rebasing: bytes[i...]), limit: Int.max) {
            let end = i + lf
            var lineLength = end - scan.lineStart
            if lineLength > 0, bytes[end - 1] == ByteClass.cr { lineLength -= 1 }
            if lineLength == 0 {
                if end + 1 > limits.maxHeadLength { return .failed(.headTooLarge) }
                return .complete(length: end + 1, lineCount: scan.lineCount, requestLine: requestLine)
            }
            if lineLength > limits.maxFieldLength { return .failed(.fieldTooLong) }
            if scan.lineCount > limits.maxFieldCount { return .failed(.tooManyFields) }
            scan.lineCount += 1
            scan.lineStart = end + 1
            i = end + 1
        }
        scan.scanned = bytes.count
        let partial = bytes.count - scan.lineStart
        if partial > limits.maxFieldLength + 1 { return .failed(.fieldTooLong) }
        if bytes.count > limits.maxHeadLength { return .failed(.headTooLarge) }
        return .incomplete
    }

    /// How many bytes of CRLF / LF lead `bytes` (a final lone CR is not counted).
    private static func leadingEmptyLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count {
            if bytes[i] == ByteClass.lf { i += 1; continue }
            if bytes[i] == ByteClass.cr {
                guard i + 1 < bytes.count else { return i }
                if bytes[i + 1] == ByteClass.lf { i += 2; continue }
            }
            break
        }
        return i
    }

    /// The offset of the first LF among the first `limit` bytes.
    @inline(__always)
    static func firstLF(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
        let n = min(bytes.count, max(limit, 0))
        guard n > 0, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base, Int32(ByteClass.lf), n) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    private enum ChunkLineResult {
        case incomplete
        case size(Int, lineLength: Int)
        case failed(HTTPParseError)
    }

    /// Parses `chunk-size [ chunk-ext ] CRLF` (RFC 9112 §7.1, §7.1.1).
    private static func parseChunkLine(_ bytes: UnsafeBufferPointer<UInt8>, maxLength: Int) -> ChunkLineResult {
        guard let lf = firstLF(bytes, limit: maxLength + 2) else {
            return bytes.count >= maxLength + 2 ? .failed(.chunkLineTooLong) : .incomplete
        }
        // The line must end in CRLF; a bare LF here is how chunk-framing smuggling starts.
        guard lf >= 1, bytes[lf - 1] == ByteClass.cr else { return .failed(.invalidChunkExtension) }
        let end = lf - 1
        var size = 0, i = 0
        while i < end, let digit = ByteClass.hexValue(bytes[i]) {
            // 1*HEXDIG with overflow detection; no sign, no 0x prefix.
            guard size <= (Int.max - digit) / 16 else { return .failed(.invalidChunkSize) }
            size = size * 16 + digit
            i += 1
        }
        guard i > 0 else { return .failed(.invalidChunkSize) }
        if i < end {
            var j = i
            while j < end, ByteClass.isWhitespace(bytes[j]) { j += 1 }
            guard j < end, bytes[j] == UInt8(ascii: ";") else { return .failed(.invalidChunkSize) }
            // Extensions are parsed only as far as their characters go, then ignored.
            for k in j..<end where !ByteClass.isFieldValueChar(bytes[k]) {
                return .failed(.invalidChunkExtension)
            }
        }
        return .size(size, lineLength: lf + 1)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
