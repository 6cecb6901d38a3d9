/// Unguessable identifiers: a prefix plus random base32 characters (e.g. `chk_` + 24).
public enum RandomID {
    // RFC 4648 §6 alphabet in lower case: no 0/1/8/9, so ids survive being read aloud or typed.
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// `prefix` followed by `length` characters from the CSPRNG. 24 characters carry 120 bits.
    public static func make(prefix: String, length: Int = 24) -> String {
        precondition(length > 0, "RandomID length must be positive")
        // 32 divides 256, so taking the low five bits of each byte is uniform (no modulo bias).
        let characters = SecureRandom.bytes(length).map { alphabet[Int($0 & 0x1f)] }
        return prefix + String(decoding: characters, as: UTF8.self)
    }

    /// True when `id` is `prefix` followed by exactly `length` characters of the alphabet.
    public static func isWellFormed(_ id: String, prefix: String, length: Int = 24) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let rest = id.utf8.dropFirst(prefix.utf8.count)
        return rest.count == length && rest.allSatisfy { alphabet.contains($0) }
    }
}
