import Foundation
import XCTest

/// Reading the seeds' JSON and comparing shapes: same keys, same value types.
enum SeedJSON {
    /// Parses JSON text with Foundation (tests only).
    static func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Any? {
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            XCTFail("not JSON: \(error)\n\(text)", file: file, line: line)
            return nil
        }
    }

    /// Seed 002's samples with their "..." lines removed and the commas they leave fixed.
    static func parseElided(_ text: String) -> Any? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.trimmingCharacters(in: .whitespaces) != "..." }
        var joined = lines.joined(separator: "\n")
        // "…,\n...\n}" leaves a trailing comma; a "...," line is gone with its comma already.
        joined = joined.replacingOccurrences(of: #",\s*([}\]])"#, with: "$1", options: .regularExpression)
        return parse(joined)
    }

    /// The kind of a JSON value, for shape comparison.
    static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let n as NSNumber:
            let type = String(cString: n.objCType)
            if type == "c" || type == "B" { return "bool" }
            return "number"
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        default: return "unknown"
        }
    }

    /// Asserts that `actual` has every key of `sample`, recursively, with the same kind of
    /// value (a sample `null` matches anything; arrays compare their first elements), and
    /// that ids keep the seed's pattern (`STX_` + 30 upper-case alphanumerics …).
    static func assertSameShape(_ sample: Any, _ actual: Any, path: String = "$", ignoring: Set<String> = [],
                                file: StaticString = #filePath, line: UInt = #line) {
        if kind(sample) == "null" { return }
        XCTAssertEqual(kind(actual), kind(sample), "\(path): kind", file: file, line: line)
        switch (sample, actual) {
        case (let s as [String: Any], let a as [String: Any]):
            for (key, value) in s where !ignoring.contains("\(path).\(key)") {
                guard let other = a[key] else {
                    XCTFail("\(path).\(key) is missing", file: file, line: line)
                    continue
                }
                assertSameShape(value, other, path: "\(path).\(key)", ignoring: ignoring, file: file, line: line)
            }
        case (let s as [Any], let a as [Any]):
            if let first = s.first, let other = a.first {
                assertSameShape(first, other, path: "\(path)[0]", ignoring: ignoring, file: file, line: line)
            }
        case (let s as String, let a as String):
            for prefix in ["STX_", "PCI_", "PCU_", "MRC_", "GCR_"] where s.hasPrefix(prefix) && s.count == 34 {
                XCTAssertTrue(a.range(of: "^\(prefix)[A-Z0-9]{30}$", options: .regularExpression) != nil,
                              "\(path): \(a) is not \(prefix) + 30 upper-case alphanumerics", file: file, line: line)
            }
        default: break
        }
    }
}
