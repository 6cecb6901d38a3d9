import Crypto

/// Random identifiers in the providers' formats, from the system's secure random source.
enum RandomIdentifier {
    /// Upper-case letters and digits, as in secuconnect's `STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ`.
    static let upperAlphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    /// Lower-case letters and digits, as in secuconnect's token `qb56tjj1bcvo9n2nj4u38k84lo`.
    static let lowerAlphanumeric = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// `count` characters drawn uniformly from `alphabet` (rejection sampling: no modulo bias).
    static func make(_ count: Int, from alphabet: [Character]) -> String {
        precondition(alphabet.count <= 256 && !alphabet.isEmpty)
        let limit = 256 - 256 % alphabet.count
        var out = ""
        out.reserveCapacity(count)
        while out.count < count {
            for byte in SecureRandom.bytes(count) where Int(byte) < limit && out.count < count {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return out
    }

    /// `prefix` followed by `count` upper-case alphanumerics, e.g. `STX_` + 30.
    static func make(prefix: String, count: Int = 30) -> String {
        prefix + make(count, from: upperAlphanumeric)
    }
}
