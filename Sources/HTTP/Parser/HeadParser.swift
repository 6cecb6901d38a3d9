/// Parses a complete head (request-line, fields, final empty line) and decides the framing.
/// Stateless: `RequestParser` calls it once it has found the end of the head.
enum HeadParser {
    /// `requestLine` is where `RequestLineScanner` found the request-line's parts: it has
    /// checked every byte of it already.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, lineCount: Int, requestLine: RequestLine) -> Result<RequestHead, HTTPParseError> {
        var lines = LineIterator(bytes: bytes)
        _ = lines.next()   // the request-line, checked already
        let method = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<requestLine.methodEnd]), as: UTF8.self)
        let targetBytes = UnsafeBufferPointer(rebasing: bytes[(requestLine.methodEnd + 1)..<requestLine.targetEnd])
        let version = requestLine.version
        guard let form = TargetForm.parse(targetBytes, method: method) else { return .failure(.invalidTarget) }

        var headers = [HTTPHeaders.Field]()
        headers.reserveCapacity(lineCount)
        var framing = FramingFields()
        var hostCount = 0
        var keepAlive = version == .http1_1
        var expectsContinue = false

        while let line = lines.next(), !line.isEmpty {
            if let error = validateFieldLine(line) { return .failure(error) }
            let colon = line.firstIndex(of: ByteClass.colon)!
            let nameBytes = UnsafeBufferPointer(rebasing: line[..<colon])
            let value = trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
            let valueText = String(decoding: value, as: UTF8.self)
            switch FieldName(nameBytes) {
            case .host:
                hostCount += 1
                guard hostCount == 1 else { return .failure(.duplicateHost) }
                // RFC 9110 §4.2.1: an http URI with an empty host is invalid, so is a Host
                // without one (empty, or only a port); §7.2: that is a 400.
                guard let first = value.first, first != ByteClass.colon, value.allSatisfy(isHostChar) else {
                    return .failure(.invalidHost)
                }
            case .contentLength:
                if let error = framing.addContentLength(value) { return .failure(error) }
            case .transferEncoding:
                if let error = framing.addTransferEncoding(value) { return .failure(error) }
            case .connection:
                for option in valueText.split(separator: ",") {
                    let token = option.trimmingWhitespace()
                    if token.equalsIgnoringASCIICase("close") { keepAlive = false }
                    else if token.equalsIgnoringASCIICase("keep-alive"), version == .http1_0 { keepAlive = true }
                }
            case .expect:
                // RFC 9110 §10.1.1: a 1.0 client cannot mean it; anything but 100-continue → 417.
                guard version == .http1_1 else { break }
                guard valueText.equalsIgnoringASCIICase("100-continue") else { return .failure(.unsupportedExpectation) }
                expectsContinue = true
            case .other:
                break
            }
            headers.append(HTTPHeaders.Field(name: String(decoding: nameBytes, as: UTF8.self), value: valueText))
        }

        // RFC 9112 §3.2: a 1.1 request without exactly one Host is a 400.
        if version == .http1_1, hostCount == 0 { return .failure(.missingHost) }
        let bodyFraming: BodyFraming
        switch framing.decide(version: version) {
        case .failure(let error): return .failure(error)
        case .success(let f): bodyFraming = f
        }
        // A request whose connection closes after it cannot be followed by a 100-continue body
        // that nobody waits for; only bodies that exist get a 100 Continue.
        if case .none = bodyFraming { expectsContinue = false }
        if case .length(0) = bodyFraming { expectsContinue = false }
        return .success(RequestHead(method: method, target: form.target, path: form.path, query: form.query,
                                    version: version, headers: HTTPHeaders(headers), framing: bodyFraming,
                                    wantsKeepAlive: keepAlive, expectsContinue: expectsContinue))
    }

    /// Checks `field-name ":" OWS field-value OWS` (RFC 9112 §5, RFC 9110 §5.5) on a line
    /// without its LF; a final CR is the CRLF's and is allowed.
    static func validateFieldLine(_ raw: UnsafeBufferPointer<UInt8>) -> HTTPParseError? {
        var line = raw
        if let last = line.last, last == ByteClass.cr { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        guard let first = line.first else { return .invalidFieldName }
        // RFC 9112 §5.2: obs-fold is rejected with 400.
        if ByteClass.isWhitespace(first) { return .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: ByteClass.colon) else { return .invalidFieldName }
        guard colon > 0 else { return .invalidFieldName }
        // RFC 9112 §5.1: no whitespace between the field name and the colon.
        if ByteClass.isWhitespace(line[colon - 1]) { return .whitespaceBeforeColon }
        for i in 0..<colon where !ByteClass.isTokenChar(line[i]) {
            return line[i] == ByteClass.cr ? .bareCarriageReturn : .invalidFieldName
        }
        for i in (colon + 1)..<line.count where !ByteClass.isFieldValueChar(line[i]) {
            return line[i] == ByteClass.cr ? .bareCarriageReturn : .invalidFieldValue
        }
        return nil
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end, ByteClass.isWhitespace(bytes[start]) { start += 1 }
        while end > start, ByteClass.isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// reg-name, IP-literal and port characters (RFC 3986 §3.2.2): ALPHA, DIGIT and
    /// `-._~!$&'()*+,;=:[]%`; no path, query, userinfo. Two 64-bit masks over ASCII, as
    /// `ByteClass.isTokenChar`: every request's Host is checked.
    static func isHostChar(_ b: UInt8) -> Bool {
        b < 64 ? (hostLow >> UInt64(b)) & 1 == 1 : b < 128 && (hostHigh >> UInt64(b - 64)) & 1 == 1
    }

    private static let hostLow: UInt64 = 0x2FFF_7FF2_0000_0000   // 0x00–0x3F: ! $ % & ' ( ) * + , - . 0–9 : ; =
    private static let hostHigh: UInt64 = 0x47FF_FFFE_AFFF_FFFE  // 0x40–0x7F: A–Z [ ] _ a–z ~
}

/// The lines of a head: each without its LF and without the CR before it. A CR anywhere
/// else is left in place, so validation rejects it as a bare CR.
struct LineIterator {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    mutating func next() -> UnsafeBufferPointer<UInt8>? {
        guard position < bytes.count else { return nil }
        let rest = UnsafeBufferPointer(rebasing: bytes[position...])
        guard let lf = RequestParser.firstLF(rest, limit: Int.max) else { return nil }
        position += lf + 1
        var end = lf
        if end > 0, rest[end - 1] == ByteClass.cr { end -= 1 }
        return UnsafeBufferPointer(rebasing: rest[..<end])
    }
}

/// The header fields the parser itself acts on, recognised on bytes.
private enum FieldName {
    case host, contentLength, transferEncoding, connection, expect, other

    init(_ name: UnsafeBufferPointer<UInt8>) {
        switch name.count {
        case 4 where Self.matches(name, "host"): self = .host
        case 6 where Self.matches(name, "expect"): self = .expect
        case 10 where Self.matches(name, "connection"): self = .connection
        case 14 where Self.matches(name, "content-length"): self = .contentLength
        case 17 where Self.matches(name, "transfer-encoding"): self = .transferEncoding
        default: self = .other
        }
    }

    private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lower.utf8Start, count: lower.utf8CodeUnitCount)
        for i in 0..<name.count where name[i] | 0x20 != expected[i] { return false }
        return true
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
