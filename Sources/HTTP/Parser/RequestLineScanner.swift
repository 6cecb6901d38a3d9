/// The request-line (`method SP request-target SP HTTP-version CRLF`, RFC 9112 §3) checked
/// byte by byte as it arrives, so that a byte that cannot belong to it is refused at once
/// instead of when a blank line ends the head: a TLS ClientHello, binary or a NUL is answered
/// 400 on its first read, not held until the head timeout (nginx does the same). Pure: it
/// remembers how far it has checked, and a split anywhere gives the same result.
struct RequestLineScanner: Sendable {
    /// What the bytes so far amount to.
    enum Result {
        case needMore
        /// The line is complete and well-formed; `length` counts its LF.
        case complete(RequestLine, length: Int)
        case failed(HTTPParseError)
    }

    private enum Phase: Sendable {
        case method
        case target
        /// At `offset` of `HTTP/d.d` (8 means just after it: CR or LF must follow).
        case version(offset: Int)
        /// After the version's CR: only LF may follow.
        case lineFeed
    }

    private var phase = Phase.method
    /// Bytes of the line checked so far.
    private var checked = 0
    private var methodEnd = 0
    private var targetEnd = 0
    private var major: UInt8 = 0
    private var minor: UInt8 = 0

    /// Checks `line` (the request-line from its first byte, as much as has arrived) from where
    /// the last call stopped.
    mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Result {
        var i = checked
        defer { checked = i }
        while i < line.count {
            let byte = line[i]
            switch phase {
            case .method:
                // tchar until the single SP; a line that ends first has no target (HTTP/0.9).
                while i < line.count, ByteClass.isTokenChar(line[i]) { i += 1 }
                guard i < line.count else { return .needMore }
                let end = line[i]
                if end == ByteClass.cr || end == ByteClass.lf { return .failed(.invalidRequestLine) }
                guard end == ByteClass.sp, i > 0 else { return .failed(.invalidMethod) }
                methodEnd = i
                phase = .target
            case .target:
                // Visible ASCII without `#`: a fragment is never sent (RFC 9112 §3.2). A second
                // SP right after the first is an empty target.
                while i < line.count, Self.isTargetChar(line[i]) { i += 1 }
                guard i < line.count else { return .needMore }
                let end = line[i]
                if end == ByteClass.cr || end == ByteClass.lf { return .failed(.invalidRequestLine) }
                guard end == ByteClass.sp, i > methodEnd + 1 else { return .failed(.invalidTarget) }
                targetEnd = i
                phase = .version(offset: 0)
            case .version(let offset):
                switch offset {
                case 0..<5:
                    guard byte == UInt8(truncatingIfNeeded: Self.httpSlash >> (8 * offset)) else { return .failed(.invalidVersion) }
                case 5, 7:
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return .failed(.invalidVersion) }
                    if offset == 5 { major = byte } else { minor = byte }
                case 6:
                    guard byte == UInt8(ascii: ".") else { return .failed(.invalidVersion) }
                default:
                    if byte == ByteClass.lf { return finish(length: i + 1) }
                    guard byte == ByteClass.cr else { return .failed(.invalidVersion) }
                    phase = .lineFeed
                    i += 1
                    continue
                }
                phase = .version(offset: offset + 1)
            case .lineFeed:
                // A bare CR is never a line end (RFC 9112 §2.2).
                guard byte == ByteClass.lf else { return .failed(.invalidVersion) }
                return finish(length: i + 1)
            }
            i += 1
        }
        return .needMore
    }

    /// The complete line: HTTP/1.0, HTTP/1.1, or a later 1.x served as 1.1 (RFC 9110 §2.5: a
    /// recipient treats a higher minor version as the highest it speaks); another major is 505.
    private func finish(length: Int) -> Result {
        guard major == UInt8(ascii: "1") else { return .failed(.unsupportedVersion) }
        let version: HTTPVersion = minor == UInt8(ascii: "0") ? .http1_0 : .http1_1
        return .complete(RequestLine(methodEnd: methodEnd, targetEnd: targetEnd, version: version), length: length)
    }

    /// "HTTP/" as a little-endian word: byte `k` is the `k`th character.
    private static let httpSlash: UInt64 = 0x2F_5054_5448

    @inline(__always) private static func isTargetChar(_ b: UInt8) -> Bool {
        ByteClass.isTargetChar(b) && b != UInt8(ascii: "#")
    }
}

/// Where the parts of a checked request-line are, as offsets from its first byte.
struct RequestLine: Sendable {
    /// The SP after the method.
    let methodEnd: Int
    /// The SP after the target.
    let targetEnd: Int
    let version: HTTPVersion
}
