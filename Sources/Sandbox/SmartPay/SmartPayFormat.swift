import FoundationEssentials

/// The identifiers and timestamps SmartPay writes, in the shapes of seed 001's examples.
enum SmartPayFormat {
    private static let hex = Array("0123456789abcdef".utf8)
    private static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A 36-character GUID, as `transactionId` (seed 001: "the 36-character GUID of the
    /// transaction-ID", `fc10f767-12a7-46d0-9da0-4af6b5b67c4d`): a random (version 4) UUID.
    static func guid() -> String {
        var digits = Array(RandomIdentifier.make(32, from: hex).utf8)
        digits[12] = UInt8(ascii: "4")
        // RFC 9562 §4.1: the variant bits 10xx make the 17th digit 8, 9, a or b.
        digits[16] = Array("89ab".utf8)[Int(digits[16] % 4)]
        let text = String(decoding: digits, as: UTF8.self)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(text.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }

    /// A 64-character `checkoutToken` (seed 001: `KwlJmj1QoJL4oFPaCYnN…`, letters and digits).
    static func checkoutToken() -> String { RandomIdentifier.make(64, from: alphanumeric) }

    /// A 21-character `reconciliationReferenceId` (seed 001: `zKZhOVjJitCdHdJzicGmI`).
    static func reconciliationReference() -> String { RandomIdentifier.make(21, from: alphanumeric) }

    /// `2023-04-05T13:25:41.790Z`: UTC with milliseconds, as seed 001's `requestTime`.
    static func timestamp(_ date: Date) -> String {
        // To the nearest millisecond first: 1608040176.556 is not exact in binary.
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, millis) = (totalMillis.floorDivided(by: 1000), totalMillis.floorModulo(by: 1000))
        // Timestamp writes `yyyy-MM-ddTHH:mm:ss+00:00`; the six characters of the offset go.
        let base = Timestamp.iso8601(Date(timeIntervalSince1970: TimeInterval(seconds))).dropLast(6)
        let fraction = String(millis)
        return base + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 { self >= 0 ? self / divisor : (self - divisor + 1) / divisor }
    func floorModulo(by divisor: Int64) -> Int64 { self - floorDivided(by: divisor) * divisor }
}
