/// Why a JSON Web Token was refused. Messages never contain the token or the secret.
public struct JWTError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case malformed, unsupportedAlgorithm, badSignature, expired, notYetValid
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// Not three base64url parts, or a header/payload that is not a JSON object, or a
    /// registered claim (`exp`, `nbf`) that is not a number.
    public static let malformed = JWTError(.malformed)
    /// The header's `alg` is not `HS256` (this includes `none`), or it asks for `crit` extensions.
    public static let unsupportedAlgorithm = JWTError(.unsupportedAlgorithm)
    /// The HMAC does not match.
    public static let badSignature = JWTError(.badSignature)
    /// `exp` lies in the past, beyond the leeway.
    public static let expired = JWTError(.expired)
    /// `nbf` lies in the future, beyond the leeway.
    public static let notYetValid = JWTError(.notYetValid)

    /// A fixed, low-cardinality label (safe for logs and metrics).
    public var shortDescription: String {
        switch code {
        case .malformed: "jwt_malformed"
        case .unsupportedAlgorithm: "jwt_unsupported_algorithm"
        case .badSignature: "jwt_bad_signature"
        case .expired: "jwt_expired"
        case .notYetValid: "jwt_not_yet_valid"
        }
    }

    /// Same as `shortDescription`.
    public var description: String { shortDescription }
}
