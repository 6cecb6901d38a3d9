import Payments

/// Provider text on its way into a `ProviderError`, a log line or a stored row: bounded, each
/// of the account's secrets replaced, card numbers masked to BIN and last four.
public enum ProviderMessages {
    /// At most 300 characters, each secret of four or more characters replaced by
    /// `[redacted]`, digit runs of card-number length masked (`CardDataMasking.text`).
    public static func sanitized(_ text: String, secrets: [String]) -> String {
        var text = String(text.prefix(300))
        for secret in secrets where secret.count >= 4 {
            text = text.replacing(secret, with: "[redacted]")
        }
        return CardDataMasking.text(text)
    }
}
