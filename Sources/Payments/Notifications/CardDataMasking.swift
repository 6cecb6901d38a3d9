import JSON

/// Removes card data from text that Kassa keeps: notification bodies and headers before they
/// are stored, provider messages before they reach errors and logs (DESIGN.md, Storage; PCI DSS
/// 3.3–3.4: no CVC after authorization, the PAN only as BIN and last four).
///
/// ```swift
/// CardDataMasking.text("card 4111 1111 1111 1111")  // "card 411111******1111"
/// ```
public enum CardDataMasking {
    /// Member and field names whose value is a card verification code (normalized: lower case,
    /// without `_`, `-` and spaces). Such members are removed, not masked: nothing of a CVC is kept.
    public static let verificationCodeNames: Set<String> = [
        "cvc", "cvv", "cvc2", "cvv2", "cvn", "cid", "csc", "cardcvc", "cardcvv", "securitycode",
        "cardsecuritycode", "cardverificationcode", "cardverificationvalue", "verificationcode",
    ]

    /// Whether `name` names a card verification code (`card[cvc]` and `card.cvc` count too).
    public static func isVerificationCodeName(_ name: String) -> Bool {
        let last = name.split(whereSeparator: { "[].".contains($0) }).last.map(String.init) ?? name
        let normalized = String(last.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
        return verificationCodeNames.contains(normalized)
    }

    /// `text` with every run of 13 to 19 digits (single spaces or dashes between digits count
    /// as part of the run, as in `4111 1111 1111 1111`) replaced by its first six and last four
    /// digits around `*`. Shorter and longer runs are left as they are.
    public static func text(_ text: String) -> String {
        var output = ""
        var digits = ""
        var pending = ""   // the run as written, separators included
        var separator: Character?
        func flush() {
            if (13...19).contains(digits.count) {
                output += digits.prefix(6) + String(repeating: "*", count: digits.count - 10) + digits.suffix(4)
            } else {
                output += pending
            }
            if let separator { output.append(separator) }
            digits = ""; pending = ""; separator = nil
        }
        for character in text {
            if character.isASCII, character.isNumber {
                if let held = separator { pending.append(held); separator = nil }
                digits.append(character); pending.append(character)
            } else if (character == " " || character == "-"), !digits.isEmpty, separator == nil {
                separator = character
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    /// `value` with verification-code members removed, strings masked with `text(_:)`, and
    /// integer literals of card-number length turned into masked strings.
    public static func json(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var kept = JSONObject()
            for (key, member) in object where !isVerificationCodeName(key) { kept[key] = json(member) }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map(json))
        case .string(let string):
            return .string(Self.text(string))
        case .number(let number):
            let masked = Self.text(number.literal)
            return masked == number.literal ? value : .string(masked)
        case .null, .bool:
            return value
        }
    }

    /// A body to store: a JSON body masked member by member; a form body (`a=1&b=2`) without
    /// verification-code fields and with digits masked; any other body as text with digits
    /// masked and the digits after a verification-code name blanked.
    public static func body(_ bytes: [UInt8], contentType: String?) -> [UInt8] {
        if bytes.isEmpty { return bytes }
        if let value = try? JSONValue.parse(bytes) { return json(value).serialized() }
        let text = String(decoding: bytes, as: UTF8.self)
        if contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let kept = text.split(separator: "&", omittingEmptySubsequences: false).filter { pair in
                let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                return !isVerificationCodeName(name.removingPercentEncodingLoosely)
            }
            return Array(Self.text(kept.joined(separator: "&")).utf8)
        }
        return Array(blankingCodesAfterNames(Self.text(text)).utf8)
    }

    /// Header fields to store: credentials dropped (`Authorization`, cookies, anything named
    /// like a key, token, secret or password), names lower-cased, values capped at 256
    /// characters and masked.
    public static func headers(_ fields: [(name: String, value: String)]) -> [String: String] {
        var kept: [String: String] = [:]
        for (name, value) in fields {
            let lower = name.lowercased()
            guard !isCredentialHeader(lower) else { continue }
            kept[lower] = Self.text(String(value.prefix(256)))
        }
        return kept
    }

    /// Whether a (lower-case) header name carries a credential.
    public static func isCredentialHeader(_ lower: String) -> Bool {
        if ["authorization", "proxy-authorization", "cookie", "set-cookie"].contains(lower) { return true }
        return ["key", "token", "secret", "password", "auth", "session"].contains { lower.contains($0) }
    }

    // Free text: "cvc 123", "CVV: 1234" — after a code's name, the next run of up to four
    // digits within a few characters is replaced by `***`.
    private static func blankingCodesAfterNames(_ text: String) -> String {
        var characters = Array(text)
        let lower = Array(text.lowercased())
        var index = 0
        while index < lower.count {
            guard lower[index].isLetter else { index += 1; continue }
            var end = index
            while end < lower.count, lower[end].isLetter || lower[end].isNumber { end += 1 }
            if isVerificationCodeName(String(lower[index..<end])) {
                var cursor = end
                while cursor < lower.count, cursor - end < 6, !lower[cursor].isNumber { cursor += 1 }
                var digitsEnd = cursor
                while digitsEnd < lower.count, lower[digitsEnd].isNumber { digitsEnd += 1 }
                if digitsEnd > cursor, digitsEnd - cursor <= 4 {
                    characters.replaceSubrange(cursor..<digitsEnd, with: Array("***"))
                    return blankingCodesAfterNames(String(characters))
                }
            }
            index = end
        }
        return String(characters)
    }
}

private extension String {
    // `card%5Bcvc%5D` → `card[cvc]`: enough decoding to recognise a field name.
    var removingPercentEncodingLoosely: String {
        replacing("%5B", with: "[").replacing("%5D", with: "]")
            .replacing("%5b", with: "[").replacing("%5d", with: "]")
    }
}
