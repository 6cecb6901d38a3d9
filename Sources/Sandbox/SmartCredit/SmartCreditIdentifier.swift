import Crypto
import FoundationEssentials

/// The identifiers the simulated SmartCredit hands out.
enum SmartCreditIdentifier {
    /// A random version 4 UUID in lower case, the shape of seed 000's access token, of the
    /// spec's `auxiliaryDataId` and of FintechOS ids.
    static func uuid() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Hex.encode(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
                     hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// An `id_token`-looking compact JWS (seed 000: `eyAidHlwIjogIkpXVCIsICJr…`): a header, the
    /// client and scopes as claims, and random bytes where a signature would be. Nothing in
    /// Kassa reads it.
    static func idToken(clientID: String, scopes: [String], issuedAt: Date) -> String {
        let header = #"{ "typ": "JWT", "kid": "sandbox", "alg": "RS256" }"#
        let seconds = Int(issuedAt.timeIntervalSince1970)
        let claims = #"{"sub":"\#(clientID.filter { $0.isLetter || $0.isNumber })","aud":"sandbox","iat":\#(seconds),"scope":"\#(scopes.joined(separator: " "))"}"#
        return Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8)) + "."
            + Base64URL.encode(SecureRandom.bytes(32))
    }
}
