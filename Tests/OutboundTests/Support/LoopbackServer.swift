import Foundation
import Glibc

/// A scriptable HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for live-socket tests
/// of the outbound client. A thread per connection and blocking sockets: simple and robust,
/// which is all a test helper needs. Delays are the server's scripted behaviour, never the
/// tests' synchronisation (tests wait on `waitFor…`, which is condition-based).
final class LoopbackServer: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `condition`.

    /// A request as the server parsed it.
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]
        var body: [UInt8]

        var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
        var query: String? { target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    /// What the server does with a request.
    enum Behaviour: Sendable {
        /// Answer after `delay` seconds; `contentLength: false` sends a close-delimited body.
        case respond(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [],
                     delay: Double = 0, contentLength: Bool = true)
        /// Read the request and never answer (until the server stops).
        case hang
        /// Read the request and close the connection without a byte.
        case close
    }

    /// `.http` serves requests; `.silent` accepts connections and never reads or writes.
    enum Mode { case http, silent }

    typealias Handler = @Sendable (Request) -> Behaviour

    private let mode: Mode
    private let listener: Int32
    /// The port the server listens on.
    let port: Int
    private let condition = NSCondition()
    private var handlers: [String: Handler] = [:]
    private var received: [String: [Request]] = [:]
    private var connections: Set<Int32> = []
    private var acceptedCount = 0
    private var closedByPeerCount = 0
    private var isStopped = false

    /// `http://127.0.0.1:<port>`
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(mode: Mode = .http) throws {
        self.mode = mode
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1024) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Scripts `path` (the part before `?`).
    func route(_ path: String, _ handler: @escaping Handler) {
        condition.lock(); defer { condition.unlock() }
        handlers[path] = handler
    }

    /// Scripts `path` with a fixed behaviour.
    func route(_ path: String, _ behaviour: Behaviour) {
        route(path) { _ in behaviour }
    }

    /// Requests received on `path` so far.
    func requests(_ path: String) -> [Request] {
        condition.lock(); defer { condition.unlock() }
        return received[path] ?? []
    }

    /// How many requests `path` received.
    func requestCount(_ path: String) -> Int { requests(path).count }

    /// TCP connections accepted so far.
    var acceptedConnections: Int {
        condition.lock(); defer { condition.unlock() }
        return acceptedCount
    }

    /// Waits until `path` has received `count` requests; false on timeout.
    func waitForRequests(_ path: String, count: Int = 1, timeout: Double = 5) async -> Bool {
        await waitUntil(timeout: timeout) { $0.received[path, default: []].count >= count }
    }

    /// Waits until the client has closed `count` connections; false on timeout.
    func waitForConnectionsClosedByPeer(_ count: Int, timeout: Double = 5) async -> Bool {
        await waitUntil(timeout: timeout) { $0.closedByPeerCount >= count }
    }

    /// Connections the client closed so far.
    var connectionsClosedByPeer: Int {
        condition.lock(); defer { condition.unlock() }
        return closedByPeerCount
    }

    /// Stops accepting, closes every connection and releases the threads.
    func stop() {
        condition.lock()
        guard !isStopped else { condition.unlock(); return }
        isStopped = true
        let open = connections
        condition.broadcast()
        condition.unlock()
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        for fd in open { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    // MARK: Private

    private func waitUntil(timeout: Double, _ predicate: @escaping @Sendable (LoopbackServer) -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread { [self] in
                let deadline = Date().addingTimeInterval(timeout)
                condition.lock()
                var met = predicate(self)
                while !met, condition.wait(until: deadline) { met = predicate(self) }
                met = predicate(self)
                condition.unlock()
                continuation.resume(returning: met)
            }.start()
        }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                break
            }
            condition.lock()
            if isStopped { condition.unlock(); close(fd); break }
            connections.insert(fd)
            acceptedCount += 1
            condition.unlock()
            Thread { [self] in serve(fd) }.start()
        }
        close(listener)
    }

    private func serve(_ fd: Int32) {
        defer {
            condition.lock()
            connections.remove(fd)
            condition.unlock()
            close(fd)
        }
        if mode == .silent {
            // Hold the connection without a byte either way until the peer or stop() ends it.
            var byte: UInt8 = 0
            while true {
                let n = recv(fd, &byte, 1, Int32(MSG_PEEK))
                if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
                if waitForStop(seconds: 0.05) { return }
            }
            markClosedByPeer()
            return
        }
        var buffer = [UInt8]()
        while true {
            guard let request = readRequest(fd, &buffer) else { markClosedByPeer(); return }
            condition.lock()
            let handler = handlers[request.path]
            received[request.path, default: []].append(request)
            condition.broadcast()
            condition.unlock()
            switch handler?(request) ?? .respond(status: 404) {
            case .hang:
                // Never answer, but notice when the client gives up and closes.
                if waitForPeerClose(fd) { markClosedByPeer() }
                return
            case .close:
                return
            case let .respond(status, headers, body, delay, contentLength):
                if delay > 0, waitForStop(seconds: delay) { return }
                var head = "HTTP/1.1 \(status) Scripted\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                head += contentLength ? "Content-Length: \(body.count)\r\n" : "Connection: close\r\n"
                head += "\r\n"
                guard writeAll(fd, Array(head.utf8) + body) else { return }
                if !contentLength { return }
            }
        }
    }

    // True when the server stopped during the wait.
    private func waitForStop(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock(); defer { condition.unlock() }
        while !isStopped, condition.wait(until: deadline) {}
        return isStopped
    }

    // True when the peer closed the connection, false when the server stopped first.
    private func waitForPeerClose(_ fd: Int32) -> Bool {
        while true {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 20)
            if ready > 0 {
                var byte: UInt8 = 0
                let n = recv(fd, &byte, 1, 0)
                if n == 0 || (n < 0 && errno != EINTR) { return true }
            }
            if waitForStop(seconds: 0) { return false }
        }
    }

    private func markClosedByPeer() {
        condition.lock()
        if !isStopped { closedByPeerCount += 1 }
        condition.broadcast()
        condition.unlock()
    }

    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while true {
            if let end = find(separator, in: buffer) { headEnd = end; break }
            guard readMore(fd, &buffer) else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        let bodyStart = headEnd + 4
        while buffer.count < bodyStart + length {
            guard readMore(fd, &buffer) else { return nil }
        }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readMore(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n > 0 { buffer.append(contentsOf: chunk[..<n]); return true }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR { continue }; return false }
            offset += n
        }
        return true
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<i + needle.count]) == needle { return i }
        }
        return nil
    }
}
