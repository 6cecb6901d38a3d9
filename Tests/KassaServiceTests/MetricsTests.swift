@testable import KassaService
import XCTest

/// Labels from closed sets, and the counters other parts report.
final class MetricsTests: XCTestCase {
    func testMethodLabelsAreTheStandardMethodsOrOther() {
        for method in ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"] {
            XCTAssertEqual(Metrics.methodLabel(method), method)
        }
        for method in ["get", "QUERY", "BREW", "G\u{0}T", String(repeating: "X", count: 1000)] {
            XCTAssertEqual(Metrics.methodLabel(method), "other")
        }
    }

    func testStatusesOutsideTheServicesOwnAreCountedByClass() {
        let metrics = Metrics()
        for status in 500...599 { metrics.recordRequest(route: "/sandbox/*", method: "POST", status: status, seconds: 0.001) }
        metrics.recordRequest(route: "/sandbox/*", method: "POST", status: 42, seconds: 0.001)
        let series = metrics.render(outboxBacklog: nil).split(separator: "\n").filter { $0.hasPrefix("kassa_http_requests_total{") }
        // 500–505 as themselves, the 94 others as 5xx, the impossible one as 0xx.
        XCTAssertEqual(series.count, 8, "\(series)")
        XCTAssertTrue(series.contains(#"kassa_http_requests_total{method="POST",route="/sandbox/*",status="5xx"} 94"#), "\(series)")
        XCTAssertTrue(series.contains(#"kassa_http_requests_total{method="POST",route="/sandbox/*",status="503"} 1"#), "\(series)")
    }

    func testRateLimitedAndDroppedLogLinesAreCounted() {
        let metrics = Metrics()
        metrics.recordRateLimited(RateLimiter.Limit.webhook.rawValue)
        metrics.recordRateLimited(RateLimiter.Limit.webhook.rawValue)
        let text = metrics.render(outboxBacklog: nil, logLinesDropped: 7)
        XCTAssertTrue(text.contains(#"kassa_rate_limited_total{limit="webhook"} 2"#), text)
        XCTAssertTrue(text.contains("kassa_log_lines_dropped_total 7\n"), text)
        XCTAssertFalse(metrics.render(outboxBacklog: nil).contains("kassa_log_lines_dropped_total"))
    }
}
