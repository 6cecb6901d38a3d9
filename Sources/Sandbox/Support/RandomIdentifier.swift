import Crypto

/// Random identifiers in the providers' formats, from the system's secure random source.
enum RandomIdentifier {
    /// Upper-case letters and digits, as in secuconnect's `STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ`.
    static let upperAlphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    /// Lower-case letters and digits, as in secuconnect's token `qb56tjj1bcvo9n2nj4u38k84lo`.
    static let lowerAlphanumeric = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `count` characters drawn uniformly from `alphabet` (Crypto's sampler: no modulo bias).
    static func make(_ count: Int, from alphabet: [UInt8]) -> String {
        RandomID.make(length: count, from: alphabet)
    }

    /// `prefix` followed by `count` upper-case alphanumerics, e.g. `STX_` + 30.
    static func make(prefix: String, count: Int = 30) -> String {
        prefix + make(count, from: upperAlphanumeric)
    }
}
