/// Unguessable identifiers: a prefix plus random base32 characters (e.g. `chk_` + 24).
public enum RandomID {
    // RFC 4648 §6 alphabet in lower case: no 0/1/8/9, so ids survive being read aloud or typed.
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// `prefix` followed by `length` characters from the CSPRNG. 24 characters carry 120 bits.
    public static func make(prefix: String, length: Int = 24) -> String {
        prefix + make(length: length, from: alphabet)
    }

    /// `length` characters drawn uniformly from `alphabet` (ASCII, at most 256 characters) by
    /// the CSPRNG. Bytes at or above the largest multiple of the alphabet's size are rejected,
    /// so there is no modulo bias (for 32 characters nothing is ever rejected).
    public static func make(length: Int, from alphabet: [UInt8]) -> String {
        precondition(length > 0 && !alphabet.isEmpty && alphabet.count <= 256, "RandomID needs a length and an alphabet")
        let limit = 256 - 256 % alphabet.count
        var characters: [UInt8] = []
        characters.reserveCapacity(length)
        while characters.count < length {
            for byte in SecureRandom.bytes(length - characters.count) where Int(byte) < limit {
                characters.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// True when `id` is `prefix` followed by exactly `length` characters of the alphabet.
    public static func isWellFormed(_ id: String, prefix: String, length: Int = 24) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let rest = id.utf8.dropFirst(prefix.utf8.count)
        return rest.count == length && rest.allSatisfy { alphabet.contains($0) }
    }
}
