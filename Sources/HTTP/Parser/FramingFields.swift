/// Collects Content-Length and Transfer-Encoding and decides the body framing exactly as
/// RFC 9112 §6.1–§6.3 requires of a server, with no lenient fallbacks.
struct FramingFields {
    private var contentLength: Int?
    private var contentLengthCount = 0
    private var codings: [String] = []
    private var hasTransferEncoding = false

    /// `Content-Length = 1*DIGIT`. Duplicates are refused even when equal (as nginx and llhttp
    /// do): a list such as `5, 5` or a second field is a smuggling vector, not a convenience.
    mutating func addContentLength(_ value: UnsafeBufferPointer<UInt8>) -> HTTPParseError? {
        contentLengthCount += 1
        guard contentLengthCount == 1 else { return .duplicateContentLength }
        guard !value.isEmpty else { return .invalidContentLength }
        var n = 0
        for b in value {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return .invalidContentLength }
            let (times10, o1) = n.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(b - UInt8(ascii: "0")))
            guard !o1, !o2 else { return .invalidContentLength }
            n = sum
        }
        contentLength = n
        return nil
    }

    /// Transfer-Encoding is a comma-separated list that may span several fields.
    mutating func addTransferEncoding(_ value: UnsafeBufferPointer<UInt8>) -> HTTPParseError? {
        hasTransferEncoding = true
        for element in String(decoding: value, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false) {
            let coding = element.trimmingWhitespace()
            if coding.isEmpty { continue }
            guard coding.utf8.allSatisfy(ByteClass.isTokenChar) else { return .invalidTransferEncoding }
            codings.append(coding.lowercased())
        }
        return nil
    }

    func decide(version: HTTPVersion) -> Result<BodyFraming, HTTPParseError> {
        if hasTransferEncoding {
            // §6.1: a server MUST NOT apply a transfer coding to a 1.0 request's framing;
            // both TE and CL is how requests are smuggled past a proxy: refuse and close.
            if version == .http1_0 { return .failure(.transferEncodingOnHTTP10) }
            if contentLengthCount > 0 { return .failure(.contentLengthWithTransferEncoding) }
            guard !codings.isEmpty else { return .failure(.invalidTransferEncoding) }
            // §6.1: an unknown coding is 501; chunked more than once or not last is 400.
            if codings.contains(where: { $0 != "chunked" }) { return .failure(.unsupportedTransferCoding) }
            guard codings.count == 1 else { return .failure(.invalidTransferEncoding) }
            return .success(.chunked)
        }
        if let n = contentLength { return .success(.length(n)) }
        return .success(.none)
    }
}
