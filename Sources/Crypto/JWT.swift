import FoundationEssentials
import JSON

/// JSON Web Tokens signed with HS256 (RFC 7519 over JWS compact serialization, RFC 7515),
/// the only algorithm Kassa's providers use (Pledg: seed 003, "Signature of the parameters").
public enum JWT {
    /// A token whose signature and time claims were checked.
    public struct Verified: Sendable {

        /// The decoded JOSE header bytes (JSON).
        public let header: [UInt8]
        /// The decoded payload bytes (JSON), exactly as signed.
        public let payload: [UInt8]
        /// The payload as a JSON object.
        public let claims: JSONObject

        /// The payload decoded as `T`.
        public func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(T.self, from: Data(payload))
        }
    }

    // Key order as jsonwebtoken (Node) writes it, so Kassa's tokens look like the seed's examples.
    private static let hs256Header = Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    /// A compact HS256 token over the JSON `payload` bytes.
    public static func signHS256(payload: [UInt8], secret: some Collection<UInt8>) -> String {
        sign(header: hs256Header, payload: payload, secret: Array(secret))
    }

    /// A compact HS256 token whose payload is `claims` encoded as JSON (keys sorted).
    public static func signHS256<T: Encodable>(claims: T, secret: some Collection<UInt8>) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return signHS256(payload: Array(try encoder.encode(claims)), secret: secret)
    }

    /// Signs exact header and payload bytes (for test vectors whose header has unusual spacing).
    static func sign(header: [UInt8], payload: [UInt8], secret: [UInt8]) -> String {
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let mac = HMACSHA256.authenticate(Array(signingInput.utf8), key: secret)
        return signingInput + "." + Base64URL.encode(mac)
    }

    /// Checks `token` against `secret`: `alg` must be exactly `HS256`, the signature must match
    /// (compared in constant time), and `exp` / `nbf`, when present, must hold at `now` give or
    /// take `leeway` seconds (RFC 7519 §4.1.4, §4.1.5).
    public static func verifyHS256(_ token: String, secret: some Collection<UInt8>,
                                   now: Date, leeway: TimeInterval = 60) throws -> Verified {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let header = Base64URL.decode(String(parts[0])),
              let payload = Base64URL.decode(String(parts[1])),
              let signature = Base64URL.decode(String(parts[2])),
              let headerObject = jsonObject(header)
        else { throw JWTError.malformed }

        // RFC 8725 §3.1: the algorithm is fixed by us, never chosen by the token; this refuses
        // `none` and every asymmetric algorithm (key-confusion attacks). `crit` names extensions
        // we do not understand, which RFC 7515 §4.1.11 says must be rejected.
        guard headerObject["alg"]?.stringValue == "HS256", headerObject["crit"] == nil else {
            throw JWTError.unsupportedAlgorithm
        }
        let signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        let expected = HMACSHA256.authenticate(signingInput, key: Array(secret))
        guard ConstantTime.equals(expected, signature) else { throw JWTError.badSignature }

        // Claims are only read once the signature is known to be good.
        guard let claims = jsonObject(payload) else { throw JWTError.malformed }
        let nowSeconds = now.timeIntervalSince1970
        if let exp = claims["exp"] {
            guard let value = numericDate(exp) else { throw JWTError.malformed }
            if nowSeconds >= value + leeway { throw JWTError.expired }
        }
        if let nbf = claims["nbf"] {
            guard let value = numericDate(nbf) else { throw JWTError.malformed }
            if nowSeconds + leeway < value { throw JWTError.notYetValid }
        }
        return Verified(header: header, payload: payload, claims: claims)
    }

    /// The bytes as a JSON object (strict: duplicate claims are refused, not last-wins).
    private static func jsonObject(_ bytes: [UInt8]) -> JSONObject? {
        (try? JSONValue.parse(bytes))?.objectValue
    }

    // RFC 7519 §2 NumericDate: a JSON number, never a boolean or a string.
    private static func numericDate(_ value: JSONValue) -> Double? {
        value.numberValue?.double
    }
}
