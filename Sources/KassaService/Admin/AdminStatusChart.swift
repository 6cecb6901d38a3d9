import Payments

/// The front page's chart: one horizontal bar per provider, split by status, as inline SVG
/// (no script, no external asset; colours are presentation attributes, which the page's
/// policy allows, not style attributes, which it refuses).
enum AdminStatusChart {
    /// A fixed colour per status: green for money taken, red for failures, grey for the rest.
    static let colours: [Checkout.Status: String] = [
        .created: "#b8bfcc", .pending: "#e0b340", .authorized: "#6a9be0", .paid: "#2f9e5b",
        .partiallyRefunded: "#7cc49a", .refunded: "#9aa39d", .failed: "#d0453f", .canceled: "#8a6d9e", .expired: "#6f6f6f",
    ]

    private static let ink = "#1d2330", grey = "#667"

    private static func colour(_ status: Checkout.Status) -> String { colours[status] ?? grey }

    static func render(_ tallies: [AdminOverview.Tally]) -> String {
        let providers = Array(Set(tallies.map(\.provider.rawValue))).sorted()
        guard !providers.isEmpty else { return "<p>No checkouts in this window.</p>" }
        let width = 760, label = 110, barWidth = 560, row = 26
        let totals = Dictionary(tallies.map { ($0.provider.rawValue, $0.count) }, uniquingKeysWith: +)
        let largest = max(1, totals.values.max() ?? 1)
        let height = providers.count * row + 30
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)" "#
            + #"role="img" aria-label="checkouts per provider and status"><title>Checkouts per provider and status</title>"#
        for (index, provider) in providers.enumerated() {
            let y = index * row
            svg += #"<text x="0" y="\#(y + 17)" font-size="13" fill="\#(ink)">\#(e(provider))</text>"#
            var x = label
            for status in Checkout.Status.allCases {
                let count = tallies.filter { $0.provider.rawValue == provider && $0.status == status }.reduce(0) { $0 + $1.count }
                guard count > 0 else { continue }
                let length = max(2, count * barWidth / largest)
                svg += #"<rect x="\#(x)" y="\#(y + 4)" width="\#(length)" height="18" fill="\#(colour(status))">"#
                    + "<title>\(e(provider)) \(status.rawValue): \(count)</title></rect>"
                x += length
            }
            svg += #"<text x="\#(x + 6)" y="\#(y + 17)" font-size="12" fill="\#(grey)">\#(totals[provider] ?? 0)</text>"#
        }
        // The legend, inside the drawing so that its swatches need no style attribute.
        var x = 0
        for status in Checkout.Status.allCases {
            let y = providers.count * row + 8
            svg += #"<rect x="\#(x)" y="\#(y)" width="10" height="10" fill="\#(colour(status))"/>"#
                + #"<text x="\#(x + 13)" y="\#(y + 9)" font-size="11" fill="\#(ink)">\#(status.rawValue)</text>"#
            x += 13 + status.rawValue.count * 7 + 10
        }
        return svg + "</svg>"
    }

    private static func e(_ text: String) -> String { AdminPages.e(text) }
}
