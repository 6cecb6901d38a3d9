import FoundationEssentials

/// RFC 3339 timestamps in UTC with milliseconds (`2026-11-23T20:13:28.123Z`), as the API and
/// the logs write them. FoundationEssentials' ISO 8601 style: no locale, no ICU.
enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func rfc3339(_ date: Date) -> String { style.format(date) }
}
