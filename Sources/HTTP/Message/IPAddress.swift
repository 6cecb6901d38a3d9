#if canImport(Glibc)
import Glibc
#endif

/// A client's IP address, as the socket's peer: 128 bits, an IPv4 address kept in its
/// IPv4-mapped IPv6 form (RFC 4291 §2.5.5.2), so one listener on "::" and one on "0.0.0.0"
/// name a client alike. Two integers rather than bytes: it is a dictionary key (rate limits).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The first 64 bits (network order): an IPv6 address's routing prefix.
    public let high: UInt64
    /// The last 64 bits (network order).
    public let low: UInt64

    /// The address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address (`a.b.c.d` as `a << 24 | b << 16 | c << 8 | d`), mapped.
    public init(ipv4: UInt32) {
        self.init(high: 0, low: 0x0000_FFFF_0000_0000 | UInt64(ipv4))
    }

    /// True for an IPv4 address.
    public var isIPv4: Bool { high == 0 && low >> 32 == 0x0000_FFFF }

    /// Dotted quad for IPv4; eight hex groups for IPv6 (not compressed: this is for logs and tests).
    public var description: String {
        if isIPv4 {
            let v4 = UInt32(truncatingIfNeeded: low)
            return "\(v4 >> 24).\(v4 >> 16 & 0xFF).\(v4 >> 8 & 0xFF).\(v4 & 0xFF)"
        }
        let groups = (0..<8).map { index -> String in
            let half = index < 4 ? high : low
            return String(half >> UInt64(48 - 16 * (index % 4)) & 0xFFFF, radix: 16)
        }
        return groups.joined(separator: ":")
    }

    /// The peer of a connected socket; nil when it has none (a Unix socket, a closed peer).
    static func peer(of fd: Int32) -> IPAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard rc == 0 else { return nil }
        return withUnsafePointer(to: &storage) { pointer -> IPAddress? in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    IPAddress(ipv4: UInt32(bigEndian: $0.pointee.sin_addr.s_addr))
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin6_addr) { bytes in
                        var high: UInt64 = 0, low: UInt64 = 0
                        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
                        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
                        return IPAddress(high: high, low: low)
                    }
                }
            default:
                return nil
            }
        }
    }
}
