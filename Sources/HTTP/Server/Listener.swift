#if canImport(Glibc)
import Glibc
#endif

/// Creates a bound, listening, non-blocking socket for an IPv4 or IPv6 address.
enum Listener {
    static func open(host: String, port: Int, backlog: Int32) throws(SystemError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let info = result else { throw SystemError(call: "getaddrinfo(\(host))", errno: EINVAL) }
        defer { freeaddrinfo(result) }

        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError(call: "socket", errno: errno) }
        SystemCall.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        // "::" also accepts IPv4 (mapped addresses), as a container's single listener should.
        if info.pointee.ai_family == AF_INET6 { SystemCall.setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0) }
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let e = errno
            SystemCall.close(fd)
            throw SystemError(call: "bind(\(host):\(port))", errno: e)
        }
        guard listen(fd, backlog) == 0 else {
            let e = errno
            SystemCall.close(fd)
            throw SystemError(call: "listen", errno: e)
        }
        return (fd, boundPort(fd))
    }

    private static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        let family = storage.ss_family
        return withUnsafePointer(to: &storage) { p in
            if family == sa_family_t(AF_INET6) {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }
}
