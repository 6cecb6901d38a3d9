import Crypto
import JSON

/// The signature of Pledg's standard notification (seed 003, "Signature of the result";
/// PROVIDERS.md D): the pairs `key=value` of `created_at, error, id, reference, sandbox,
/// status`, sorted by key, joined with the secret between pairs (never at the ends), hashed
/// with plain SHA-256 (not HMAC) and written as upper-case hex.
public enum PledgStandardSignature {
    /// The signed keys, already in sorted order. `additional_data`, `metadata` and
    /// `signature` are never signed.
    public static let signedKeys = ["created_at", "error", "id", "reference", "sandbox", "status"]

    /// The string that is hashed, or nil when a signed value is an object or an array.
    public static func signingString(_ body: JSONObject, secret: String) -> String? {
        var pairs: [String] = []
        for key in signedKeys {
            guard let value = text(body[key]) else { return nil }
            pairs.append(key + "=" + value)
        }
        return pairs.joined(separator: secret)
    }

    /// The expected signature of `body` with `secret`, or nil when it cannot be signed.
    public static func signature(of body: JSONObject, secret: String) -> String? {
        signingString(body, secret: secret).map { SHA256.hexDigest($0, uppercase: true) }
    }

    /// Whether `body["signature"]` is the signature of `body` with `secret` (constant time).
    public static func isValid(_ body: JSONObject, secret: String) -> Bool {
        guard let given = body["signature"]?.stringValue, let expected = signature(of: body, secret: secret) else { return false }
        // Pledg writes upper case; a lower-case copy of the right value is still the value.
        return ConstantTime.equals(Array(expected.utf8), Array(given.uppercased().utf8))
    }

    // How Pledg writes each value into the string: text as is, booleans as "true"/"false"
    // (the Sylius StandardValidator), a missing key or null as empty, numbers as written.
    private static func text(_ value: JSONValue?) -> String? {
        guard let value else { return "" }
        switch value {
        case .null: return ""
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.literal
        case .array, .object: return nil
        }
    }
}
