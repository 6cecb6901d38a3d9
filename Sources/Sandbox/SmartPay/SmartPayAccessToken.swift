import Crypto
import FoundationEssentials
import JSON

/// SmartPay's OAuth access tokens (seed 001: `"expires_in": 3600`). They look like Cognito's
/// (seed 001: `"eyJraWQi....Qeg"`, a JWT) but are opaque here: only a token issued and not
/// expired is accepted.
enum SmartPayAccessToken {
    /// A new token value for `clientID`, issued at `now` for `lifetime` seconds.
    static func make(clientID: String, now: Date, lifetime: Int) -> String {
        let issued = Int(now.timeIntervalSince1970)
        let header: JSONValue = ["kid": "sandbox", "alg": "RS256"]
        let claims: JSONValue = .object([
            "sub": .string(clientID), "token_use": "access", "scope": "smartpay/api",
            "iat": .number(JSONNumber(issued)), "exp": .number(JSONNumber(issued + lifetime)),
            "jti": .string(SmartPayFormat.guid()), "client_id": .string(clientID),
        ])
        // The signature part is random: nobody verifies it but the token list.
        let signature = Base64URL.encode(Array(SmartPayFormat.checkoutToken().utf8))
        return Base64URL.encode(header.serialized()) + "." + Base64URL.encode(claims.serialized()) + "." + signature
    }
}
