import FoundationEssentials
import JSON

/// Removes credentials and card data from bodies before they reach a debug log.
///
/// JSON bodies are walked and the values of sensitive keys replaced at any depth; form bodies
/// (`a=b&c=d`) are treated the same way per field. Anything else is reduced to its length
/// unless it is plain text with no sensitive key in it. Independently of structure, any run
/// of 13–19 digits (a card number, PCI DSS) is masked to BIN + last four, and any JWT-shaped
/// string is replaced (SmartPay's tokens are JWTs, seed 001).
public enum Redactor {
    /// The replacement for a redacted value.
    public static let mask = "[REDACTED]"

    // Lower-cased, with `-` and `_` removed before comparison, so `client_secret`,
    // `clientSecret` and `Client-Secret` all match.
    private static let sensitiveKeys: Set<String> = [
        "authorization", "clientsecret", "secret", "password", "passwd", "apisecret", "apikey",
        "authenticationkey", "merchantkey", "accesstoken", "refreshtoken", "idtoken", "token",
        "checkouttoken", "signature", "cardnumber", "card", "pan", "number", "cvc", "cvv", "cvv2",
        "securitycode", "expiry", "expirydate", "expirationdate", "iban", "xaccesstoken",
    ]

    /// True when a field named `key` must never be logged.
    public static func isSensitive(key: String) -> Bool {
        let normalized = key.lowercased().filter { $0 != "_" && $0 != "-" }
        return sensitiveKeys.contains(normalized) || normalized.hasSuffix("secret") || normalized.hasSuffix("token")
    }

    /// `body` with every sensitive value masked, as text for a log line.
    public static func redact(_ body: [UInt8]) -> String {
        if body.isEmpty { return "" }
        if let value = try? JSONValue.parse(body), value.objectValue != nil || value.arrayValue != nil {
            return maskFreeText(redactJSON(value).serializedString(sortedKeys: true))
        }
        let text = String(decoding: body, as: UTF8.self)
        if looksLikeForm(text) {
            let fields = text.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = FormURLEncoding.decode(parts[0]) ?? String(parts[0])
                return isSensitive(key: key) ? "\(parts[0])=\(mask)" : String(pair)
            }
            return maskFreeText(fields.joined(separator: "&"))
        }
        let lowered = text.lowercased()
        if sensitiveKeys.contains(where: { lowered.contains($0) }) || lowered.contains("client_secret") {
            return "[\(body.count) bytes withheld]"
        }
        return maskFreeText(text)
    }

    private static func redactJSON(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.map { key, inner in (key, isSensitive(key: key) ? .string(mask) : redactJSON(inner)) }))
        case .array(let array):
            return .array(array.map(redactJSON))
        default:
            return value
        }
    }

    private static func looksLikeForm(_ text: String) -> Bool {
        guard text.contains("="), !text.contains("{"), !text.contains(" "), !text.contains("\n") else { return false }
        return text.split(separator: "&").allSatisfy { $0.contains("=") }
    }

    // Structure-independent masks: card numbers and JWTs wherever they appear.
    private static func maskFreeText(_ text: String) -> String {
        var out = ""
        var digits = ""
        func flushDigits() {
            if (13...19).contains(digits.count) {
                out += String(digits.prefix(6)) + String(repeating: "*", count: digits.count - 10) + String(digits.suffix(4))
            } else {
                out += digits
            }
            digits = ""
        }
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else {
                flushDigits()
                out.append(character)
            }
        }
        flushDigits()
        return maskJWTs(out)
    }

    private static func maskJWTs(_ text: String) -> String {
        // A JWT is three base64url segments, the first starting with `eyJ` (`{"` encoded).
        guard text.contains("eyJ") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = firstIndex(of: "eyJ", in: rest) {
            result += rest[..<start]
            var end = start
            var dots = 0
            while end < rest.endIndex, isBase64URLOrDot(rest[end]) {
                if rest[end] == "." { dots += 1 }
                end = rest.index(after: end)
            }
            result += dots >= 1 ? mask : String(rest[start..<end])
            rest = rest[end...]
        }
        return result + rest
    }

    private static func firstIndex(of needle: String, in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix(needle) { return index }
            index = text.index(after: index)
        }
        return nil
    }

    private static func isBase64URLOrDot(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")
    }
}
