/// Serializes a response head and body into one buffer, so that each goes out in one `send`.
/// It runs for every response: the bytes are sized first and copied once, with no generic
/// collection code on the way.
enum ResponseWriter {
    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` to `out`. `isHead` omits the body but keeps its length (RFC 9110 §9.3.2);
    /// `keepAlive` decides the Connection field; `version` the request's, for 1.0 keep-alive.
    /// `fixedFields` are the `Server` and `Date` lines (`FixedFields`), copied as they are.
    static func write(_ response: Response, to out: inout [UInt8], isHead: Bool, keepAlive: Bool,
                      version: HTTPVersion, fixedFields: [UInt8]) {
        let status = response.status
        let reason = HTTPStatus.reasonPhrase(status)
        let forbidsBody = HTTPStatus.forbidsBody(status)
        let sendsBody = !forbidsBody && !isHead
        // An upper bound. The writer's own literals take 56 bytes at most ("HTTP/1.1 ", " ",
        // CRLF, "Content-Length: ", CRLF, "Connection: keep-alive" CRLF, the final CRLF) and
        // its two decimals (status, length) 20 digits each at most; every field is counted,
        // even those it drops.
        var capacity = 56 + 2 * 20 + reason.utf8CodeUnitCount + fixedFields.count + fieldsBound(response.headers)
        if let id = response.requestID { capacity += requestIDName.utf8CodeUnitCount + id.utf8Count + 2 }
        if sendsBody { capacity += response.body.count }
        let head = Head(status: status, reason: reason, forbidsBody: forbidsBody, sendsBody: sendsBody, keepAlive: keepAlive,
                        version: version)
        if capacity <= stackLimit {
            // Built on the stack and appended: `out` is usually a connection's recycled buffer,
            // which has the room, so no response allocates.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                let count = fill(buffer, response, head, fixedFields)
                precondition(count <= capacity, "response larger than its bound")
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
        } else {
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = fill(buffer, response, head, fixedFields)
            }
            if out.isEmpty { out = bytes } else { out.append(contentsOf: bytes) }
        }
    }

    /// What the head says besides the response's own fields.
    private struct Head {
        let status: Int
        let reason: StaticString
        let forbidsBody: Bool
        let sendsBody: Bool
        let keepAlive: Bool
        let version: HTTPVersion
    }

    /// Writes the response into `buffer` (sized by `write`); returns the bytes written.
    private static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ response: Response, _ head: Head,
                             _ fixedFields: [UInt8]) -> Int {
        var cursor = Cursor(buffer)
        cursor.put("HTTP/1.1 ")
        cursor.put(decimal: head.status)
        cursor.put(" ")
        cursor.put(head.reason)
        cursor.put("\r\n")
        fixedFields.withUnsafeBufferPointer { cursor.put($0) }
        putFields(response.headers, hasID: response.requestID != nil, into: &cursor)
        if let id = response.requestID { cursor.putField(prefix: requestIDName, id: id) }
        if !head.forbidsBody {
            cursor.put("Content-Length: ")
            cursor.put(decimal: response.body.count)
            cursor.put("\r\n")
        }
        if !head.keepAlive {
            cursor.put("Connection: close\r\n")
        } else if head.version == .http1_0 {
            cursor.put("Connection: keep-alive\r\n")
        }
        cursor.put("\r\n")
        if head.sendsBody { response.body.withUnsafeBufferPointer { cursor.put($0) } }
        return cursor.count
    }

    /// The handler's fields, without those the writer owns (and a handler's `X-Request-Id`
    /// when the response has an id of its own), each checked; or their wire form, when
    /// prepared (which has no `X-Request-Id`).
    private static func putFields(_ headers: HTTPHeaders, hasID: Bool, into cursor: inout Cursor) {
        if let wire = headers.wire { return wire.withUnsafeBufferPointer { cursor.put($0) } }
        headers.forEachField { name, value in
            if !isOwned(name), !(hasID && isRequestID(name)) { cursor.putField(name: name, value: value) }
        }
    }

    /// The most `putFields` writes: the prepared form's size, or every field with its ": " and CRLF.
    private static func fieldsBound(_ headers: HTTPHeaders) -> Int {
        if let wire = headers.wire { return wire.count }
        var bound = 0
        headers.forEachField { name, value in bound += name.utf8.count + value.utf8.count + 4 }
        return bound
    }

    /// `headers` as `fill` writes them: `HTTPHeaders.prepared()`.
    static func wire(of headers: HTTPHeaders) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: fieldsBound(headers)) { buffer, count in
            var cursor = Cursor(buffer)
            putFields(headers, hasID: false, into: &cursor)
            count = cursor.count
        }
    }

    /// Responses up to this size are built on the stack.
    private static let stackLimit = 4096

    /// The field `Response.requestID` is sent as.
    private static let requestIDName: StaticString = "X-Request-Id: "

    static func isRequestID(_ name: String) -> Bool {
        name.utf8.count == 12 && name.equalsIgnoringASCIICase("x-request-id")
    }

    /// Headers the writer owns; a handler's values for them are dropped.
    private static func isOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: name.equalsIgnoringASCIICase("date")
        case 6: name.equalsIgnoringASCIICase("server")
        case 10: name.equalsIgnoringASCIICase("connection")
        case 14: name.equalsIgnoringASCIICase("content-length")
        case 17: name.equalsIgnoringASCIICase("transfer-encoding")
        default: false
        }
    }
}

/// Where the next byte of a response goes, in a buffer sized beforehand. Every write is
/// checked against the buffer's end: a wrong size bound traps instead of writing past it.
private struct Cursor {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written so far.
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// Room for `n` more bytes, or a trap: the one check every write goes through.
    @inline(__always) private func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        precondition(n <= buffer.count - count, "response larger than its buffer")
        return buffer.baseAddress! + count
    }

    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    /// A literal: every one the writer uses is a multi-byte string literal, so it has a
    /// pointer representation (`utf8Start` checks that).
    mutating func put(_ text: StaticString) {
        reserve(text.utf8CodeUnitCount).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    /// A non-negative integer in decimal.
    mutating func put(decimal value: Int) {
        precondition(value >= 0)
        var digits = 1, rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let start = reserve(digits)
        var v = value
        for i in stride(from: digits - 1, through: 0, by: -1) {
            start[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
        count += digits
    }

    /// `name: value` and CRLF, unless it would break the framing (CR, LF, NUL, a non-token
    /// name): such a field is never written.
    mutating func putField(name: String, value: String) {
        let start = count
        guard !name.isEmpty, put(name, ifEvery: .token) else { count = start; return }
        put(": ")
        guard put(value, ifEvery: .fieldValue) else { count = start; return }
        put("\r\n")
    }

    /// A field whose name and separator are known good (`prefix`) with a request id: a made one
    /// is written as it is, a client's is checked as above.
    mutating func putField(prefix: StaticString, id: RequestID) {
        let start = count
        put(prefix)
        if let given = id.given {
            guard put(given, ifEvery: .fieldValue) else { count = start; return }
        } else {
            // A made id: its length is known before it is written.
            let length = id.utf8Count
            let written = id.writeMade(into: reserve(length))
            precondition(written == length, "request id longer than its length")
            count += length
        }
        put("\r\n")
    }

    /// Which bytes a part of a field may hold.
    private enum Rule {
        case token
        case fieldValue

        @inline(__always) func allows(_ byte: UInt8) -> Bool {
            self == .token ? ByteClass.isTokenChar(byte) : ByteClass.isFieldValueChar(byte)
        }
    }

    /// Copies `text` while each byte passes `rule`; false when one does not (what was copied
    /// is then the caller's to abandon).
    private mutating func put(_ text: String, ifEvery rule: Rule) -> Bool {
        // Native and small strings have contiguous UTF-8: checked and copied as a buffer,
        // without a copy of the string (which would be a reference count each way).
        if let copied = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for byte in bytes where !rule.allows(byte) { return false }
            put(bytes)
            return true
        }) {
            return copied
        }
        for byte in text.utf8 {
            guard rule.allows(byte) else { return false }
            reserve(1).pointee = byte
            count += 1
        }
        return true
    }
}
