#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: its name and errno. Never carries peer data.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    /// The call that failed, e.g. "bind".
    public let call: String
    /// The errno it left.
    public let errno: Int32

    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// The result of a non-blocking read or write.
enum IOResult {
    /// This many bytes moved (0 from a read is end of input).
    case processed(Int)
    /// The call would block: wait for the descriptor to become ready.
    case wouldBlock
}

/// The one place that calls the socket system calls: retries EINTR, turns EAGAIN into
/// `.wouldBlock`, traps on EBADF/EFAULT (a programmer error: a descriptor used after close),
/// and throws `SystemError` otherwise (NIOPosix `System.swift`).
enum SystemCall {
    @inline(__always)
    private static func retrying(_ name: String, _ body: () -> Int) throws(SystemError) -> IOResult {
        while true {
            let r = body()
            if r >= 0 { return .processed(r) }
            let e = Glibc.errno
            switch e {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EBADF, EFAULT: preconditionFailure("\(name): errno \(e) — descriptor misuse")
            default: throw SystemError(call: name, errno: e)
            }
        }
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult {
        try retrying("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// `send` with MSG_NOSIGNAL, so a peer that went away is an EPIPE error and not a SIGPIPE.
    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemError) -> IOResult {
        try retrying("send") { Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Accepts one connection as non-blocking and close-on-exec; nil when none is waiting.
    static func accept(_ fd: Int32) throws(SystemError) -> Int32? {
        while true {
            // accept4 is hidden behind _GNU_SOURCE in Swift's Glibc; accept + fcntl does the same.
            let r = Glibc.accept(fd, nil, nil)
            if r >= 0 {
                _ = fcntl(r, F_SETFL, fcntl(r, F_GETFL) | O_NONBLOCK)
                _ = fcntl(r, F_SETFD, FD_CLOEXEC)
                return r
            }
            let e = Glibc.errno
            switch e {
            // ECONNABORTED: the peer gave up while queued; just take the next one.
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case EBADF, EFAULT: preconditionFailure("accept: errno \(e) — descriptor misuse")
            default: throw SystemError(call: "accept", errno: e)
            }
        }
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Closes `fd`. EINTR is not retried: on Linux the descriptor is released either way.
    static func close(_ fd: Int32) {
        let r = Glibc.close(fd)
        precondition(r == 0 || Glibc.errno != EBADF, "close: EBADF — descriptor closed twice")
    }
}
