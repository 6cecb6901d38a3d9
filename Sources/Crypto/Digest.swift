import CCryptoShim

/// SHA-256 and HMAC-SHA256 over OpenSSL's libcrypto (one-shot EVP calls), loaded on first use
/// (CCryptoShim).
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let input = Array(bytes)
        let ok = input.withUnsafeBufferPointer { inp in
            digest.withUnsafeMutableBufferPointer { out in
                // EVP_Digest with EVP_sha256 is documented to fail only on allocation failure.
                kassa_sha256(inp.baseAddress, inp.count, out.baseAddress)
            }
        }
        precondition(ok == 1, "EVP_Digest(SHA-256) failed")
        return digest
    }

    /// The digest of the UTF-8 bytes of `string`, as lower-case hex.
    public static func hexDigest(_ string: String, uppercase: Bool = false) -> String {
        Hex.encode(hash(Array(string.utf8)), uppercase: uppercase)
    }
}

/// HMAC-SHA256 (RFC 2104 with SHA-256).
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    public static func authenticate(_ message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        let keyBytes = Array(key), messageBytes = Array(message)
        let result = keyBytes.withUnsafeBufferPointer { k in
            messageBytes.withUnsafeBufferPointer { m in
                mac.withUnsafeMutableBufferPointer { out in
                    // An empty key still needs a non-null pointer (OpenSSL reads NULL as "no key").
                    kassa_hmac_sha256(k.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(bitPattern: 1), Int32(k.count),
                                      m.baseAddress, m.count, out.baseAddress)
                }
            }
        }
        precondition(result == 1, "HMAC-SHA256 failed")
        return mac
    }
}

/// Comparison whose duration does not depend on where the inputs differ (for signatures and keys).
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Lengths are not secret.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let x = Array(a), y = Array(b)
        guard x.count == y.count else { return false }
        if x.isEmpty { return true }
        return x.withUnsafeBytes { px in
            y.withUnsafeBytes { py in kassa_crypto_memcmp(px.baseAddress, py.baseAddress, x.count) == 0 }
        }
    }

    /// Constant-time comparison of two strings' UTF-8 bytes.
    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }
}

/// Secure random bytes from OpenSSL's CSPRNG.
public enum SecureRandom {
    /// `count` random bytes; traps if the CSPRNG is not seeded (never continue with weak randomness).
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = out.withUnsafeMutableBufferPointer { kassa_rand_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "RAND_bytes failed: CSPRNG unavailable")
        return out
    }
}
