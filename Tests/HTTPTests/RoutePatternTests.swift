@testable import HTTP
import XCTest

/// The plain-path fast path (text comparison, no split) must decide exactly as the decoded
/// segments do.
final class RoutePatternTests: XCTestCase {
    private let patterns = ["/", "/healthz", "/v1/checkouts", "/v1/checkouts/{id}", "/v1/checkouts/{id}/refunds",
                            "/v1/return/{provider}/{id}", "/debug/echo"].map(RoutePattern.init)

    private let paths = ["/", "/healthz", "/healthz/", "/health", "/healthzz", "/v1/checkouts", "/v1/checkouts/",
                         "/v1/checkouts/chk_1", "/v1/checkouts/chk_1/refunds", "/v1/checkouts//refunds",
                         "/v1/return/secuconnect/chk_9", "/v1/return/secuconnect", "/debug/echo", "//", "/v2/checkouts/x",
                         "/health%7A", "/v1/checkouts/chk%2F1", "/v1/checkouts/chk_1%2Frefunds", "/%ZZ", "healthz"]

    func testFastPathAgreesWithDecodedSegments() {
        for pattern in patterns {
            for text in paths {
                var path = RequestPath(text)
                let fast = pattern.match(&path)
                let slow = Router.segments(of: text).flatMap(pattern.match)
                XCTAssertEqual(fast, slow, "\(pattern.text) against \(text)")
            }
        }
    }

    func testPercentEncodedPathsStillMatchAndDecodeParameters() {
        var encoded = RequestPath("/health%7A")
        XCTAssertEqual(RoutePattern("/healthz").match(&encoded), [:])
        var slash = RequestPath("/v1/checkouts/chk%2F1")
        XCTAssertEqual(RoutePattern("/v1/checkouts/{id}").match(&slash), ["id": "chk/1"])
        var invalid = RequestPath("/%ZZ")
        XCTAssertNil(invalid.segments())
    }
}
