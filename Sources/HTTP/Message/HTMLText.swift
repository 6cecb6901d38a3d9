/// Text made safe for HTML: every page Kassa or a simulator renders passes each value through
/// `escape`, so no value (an order reference, a provider's message) can become markup.
public enum HTMLText {
    /// `text` with `& < > " '` replaced by their character references: safe in element content
    /// and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
